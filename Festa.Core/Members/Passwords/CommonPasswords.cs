using System.Collections.Frozen;
using System.IO.Compression;

namespace Festa.Core.Members.Passwords;

/// <summary>
/// Passwords attackers try first (NIST SP 800-63B §3.1.1.2: compare against "passwords obtained from previous breach
/// corpuses"; OWASP Authentication Cheat Sheet). A password is refused when, in lower case, it is
/// <list type="bullet">
/// <item>one of the 100,000 most frequent passwords of a public breach corpus (<c>breached-passwords.txt.gz</c>: SecLists'
/// xato-net 10-million-passwords list, MIT; source, licence and how to regenerate it in NOTICE.md beside this file), or</item>
/// <item>one of the hand-picked entries of <c>common-passwords.txt</c> (with its base words refused under any
/// decoration, "*password" refuses "Password2024!"), or</item>
/// <item>either of those with only digits and symbols added before or after it ("Sunshine2024!").</item>
/// </list>
/// Both lists are embedded (no network call), read once into frozen hash sets (an O(1) lookup each; about 6 MB for
/// the breached list) on first use; <see cref="Preload"/> lets an instance do that at start instead of on the first
/// sign-up's request path.
/// </summary>
public static class CommonPasswords
{
    /// <summary>The manifest name of the breached list (Festa.Core.csproj).</summary>
    internal const string BreachedResource = "Festa.Core.breached-passwords.txt.gz";

    private const string Decoration = "0123456789!@#$%^&*()-_=+.?~ ";

    private static readonly Lazy<(FrozenSet<string> Exact, FrozenSet<string> Bases)> Lists = new(Load);

    private static readonly Lazy<FrozenSet<string>> Breached = new(LoadBreached);

    /// <summary>Reads both lists now (idempotent, thread-safe): an instance calls it at start, off any request's path.</summary>
    public static void Preload()
    {
        _ = Lists.Value;
        _ = Breached.Value;
    }

    public static bool IsCommon(string password)
    {
        var lower = password.ToLowerInvariant();
        var (exact, bases) = Lists.Value;
        var breached = Breached.Value;
        if (exact.Contains(lower) || breached.Contains(lower))
        {
            return true;
        }

        // Strip what people append to satisfy length rules: digits, symbols, a repeated last letter.
        var core = lower.TrimEnd(Decoration.ToCharArray());
        core = core.TrimStart(Decoration.ToCharArray());
        return core.Length > 0 && (exact.Contains(core) || bases.Contains(core) || breached.Contains(core));
    }

    /// <summary>
    /// The gzip-compressed breached list: a header of '#' lines, an empty line, then one lower-case entry per line
    /// (entries may themselves start with '#' or '*', so nothing after the empty line is treated as markup).
    /// </summary>
    private static FrozenSet<string> LoadBreached()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream(BreachedResource)
            ?? throw new InvalidOperationException("The embedded breached-password list is missing.");
        using var reader = new StreamReader(new GZipStream(stream, CompressionMode.Decompress));
        string? line;
        do
        {
            line = reader.ReadLine(); // the header, up to and including the empty line
        }
        while (line is { Length: > 0 });

        var entries = new HashSet<string>(110_000, StringComparer.Ordinal);
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length > 0)
            {
                entries.Add(line);
            }
        }

        return entries.ToFrozenSet(StringComparer.Ordinal);
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
