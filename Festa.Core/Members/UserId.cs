using System.Text.RegularExpressions;

namespace Festa.Core.Members;

/// <summary>
/// A member's login name. Case-insensitive: it is stored and compared in lower case,
/// 4–20 characters of a-z, 0-9, '_' and '-' (which also makes it safe as a storage key).
/// The text is checked to be ASCII <em>before</em> it is lower-cased: lower-casing maps some non-ASCII
/// characters to ASCII (KELVIN SIGN U+212A to 'k'), which would let "\u212Aim" log in as "kim".
/// </summary>
public readonly partial record struct UserId
{
    public const int MinLength = 4;
    public const int MaxLength = 20;

    private UserId(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse(string? raw, out UserId userId)
    {
        userId = default;
        if (raw is null || raw.Length is < MinLength or > MaxLength)
        {
            return false;
        }

        if (!Pattern().IsMatch(raw))
        {
            return false;
        }

        userId = new UserId(raw.ToLowerInvariant());
        return true;
    }

    /// <summary>For values read back from the store, which were validated when written.</summary>
    public static UserId FromTrusted(string value) =>
        TryParse(value, out var id) ? id : throw new FormatException($"'{value}' is not a valid user id.");

    public override string ToString() => Value;

    [GeneratedRegex(@"\A[A-Za-z0-9_-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
