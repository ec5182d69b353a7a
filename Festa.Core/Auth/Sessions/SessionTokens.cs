using System.Buffers.Text;
using System.Security.Cryptography;

namespace Festa.Core.Auth.Sessions;

/// <summary>Session tokens: 256 random bits from the OS CSPRNG, base64url without padding (43 characters).</summary>
public static class SessionTokens
{
    public const int TokenBytes = 32;
    public const int TokenLength = 43;

    public static (string Token, SessionId Id) Create()
    {
        Span<byte> secret = stackalloc byte[TokenBytes];
        RandomNumberGenerator.Fill(secret);
        var token = Base64Url.EncodeToString(secret);
        var id = IdOf(secret);
        CryptographicOperations.ZeroMemory(secret);
        return (token, id);
    }

    /// <summary>Maps a presented token to its session id, rejecting anything that is not a well-formed token.</summary>
    public static bool TryGetId(string? token, out SessionId id)
    {
        id = default;
        // Check the alphabet first: the decoder throws, rather than failing, on some malformed input.
        if (token is null || token.Length != TokenLength || !token.All(IsBase64UrlChar) ||
            !Base64Url.IsValid(token, out var length) || length != TokenBytes)
        {
            return false;
        }

        Span<byte> secret = stackalloc byte[TokenBytes];
        try
        {
            if (!Base64Url.TryDecodeFromChars(token, secret, out var written) || written != TokenBytes)
            {
                return false;
            }
        }
        catch (FormatException)
        {
            return false;
        }

        // Only the canonical encoding is accepted, so one session has exactly one token string.
        if (!string.Equals(Base64Url.EncodeToString(secret), token, StringComparison.Ordinal))
        {
            return false;
        }

        id = IdOf(secret);
        return true;
    }

    private static bool IsBase64UrlChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    private static SessionId IdOf(ReadOnlySpan<byte> secret) =>
        new(Convert.ToHexStringLower(SHA256.HashData(secret)));
}
