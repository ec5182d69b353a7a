using System.Security.Cryptography;
using Festa.Core.Auth.Sessions;

namespace Festa.Core.Tests.Auth;

public sealed class SessionTokensTests
{
    [Fact]
    public void Tokens_are_256_bit_base64url_and_unique()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => SessionTokens.Create().Token).ToList();
        Assert.All(tokens, t =>
        {
            Assert.Equal(43, t.Length);
            Assert.Matches("^[A-Za-z0-9_-]{43}$", t);
        });
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
    }

    [Fact]
    public void The_stored_id_is_the_sha256_of_the_token_not_the_token()
    {
        var (token, id) = SessionTokens.Create();
        var expected = Convert.ToHexStringLower(SHA256.HashData(System.Buffers.Text.Base64Url.DecodeFromChars(token)));
        Assert.Equal(expected, id.Value);
        Assert.DoesNotContain(token, id.Value, StringComparison.Ordinal);
        Assert.True(SessionTokens.TryGetId(token, out var again));
        Assert.Equal(id, again);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("!AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB")]
    public void Malformed_or_non_canonical_tokens_are_rejected_without_a_lookup(string? token) =>
        Assert.False(SessionTokens.TryGetId(token, out _));
}
