using System.Collections.Frozen;

namespace Festa.Core.Members.Passwords;

/// <summary>
/// Passwords that appear at the top of public breach corpora. A password is refused when it is one of
/// them, or one of the common base words with only digits and symbols added ("Password2024!").
/// The list is embedded so the check costs no network call.
/// </summary>
public static class CommonPasswords
{
    private static readonly Lazy<(FrozenSet<string> Exact, FrozenSet<string> Bases)> Lists = new(Load);

    public static bool IsCommon(string password)
    {
        var lower = password.ToLowerInvariant();
        var (exact, bases) = Lists.Value;
        if (exact.Contains(lower))
        {
            return true;
        }

        // Strip what people append to satisfy length rules: digits, symbols, a repeated last letter.
        var core = lower.TrimEnd("0123456789!@#$%^&*()-_=+.?~ ".ToCharArray());
        core = core.TrimStart("0123456789!@#$%^&*()-_=+.?~ ".ToCharArray());
        return core.Length > 0 && (exact.Contains(core) || bases.Contains(core));
    }

    private static (FrozenSet<string>, FrozenSet<string>) Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream("Festa.Core.common-passwords.txt")
            ?? throw new InvalidOperationException("The embedded common-password list is missing.");
        using var reader = new StreamReader(stream);
        var exact = new HashSet<string>(StringComparer.Ordinal);
        var bases = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var entry = line.Trim();
            if (entry.Length == 0 || entry.StartsWith('#'))
            {
                continue;
            }

            // Lines starting with '*' are base words that are refused with any digit/symbol decoration.
            if (entry.StartsWith('*'))
            {
                bases.Add(entry[1..].ToLowerInvariant());
            }
            else
            {
                exact.Add(entry.ToLowerInvariant());
            }
        }

        return (exact.ToFrozenSet(StringComparer.Ordinal), bases.ToFrozenSet(StringComparer.Ordinal));
    }
}
