using System.Globalization;

namespace Festa.Core.Common;

/// <summary>
/// The one reader of timestamps from clients (JSON bodies and query strings): ISO 8601 with 'Z' or an explicit
/// offset (a bare local time is ambiguous, so it is refused rather than guessed), and within
/// [<see cref="Earliest"/>, <see cref="Latest"/>) so no date arithmetic downstream (ticks keys, "+1 tick"
/// range ends, month partitions) can overflow <see cref="DateTimeOffset.MaxValue"/>.
/// </summary>
public static class Timestamps
{
    /// <summary>The first instant accepted: 2000-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The first instant no longer accepted: 2100-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const string Expected = "must be an ISO 8601 timestamp with 'Z' or an offset (e.g. 2026-12-01T18:30:00Z), " +
        "from 2000-01-01T00:00:00Z up to (not including) 2100-01-01T00:00:00Z.";

    private const int MaxLength = 40;

    /// <returns>The instant in UTC, or false when the text is not such a timestamp or outside the window.</returns>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || !HasExplicitOffset(text) ||
            !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
        {
            return false;
        }

        value = parsed.ToUniversalTime();
        return value >= Earliest && value < Latest;
    }

    /// <summary>An instant clamped into the window (for bounds computed by code, such as "no upper bound").</summary>
    public static DateTimeOffset Clamp(DateTimeOffset value) => value < Earliest ? Earliest : value >= Latest ? Latest : value;

    /// <summary>Date, 'T', time, then 'Z' or ±hh:mm; nothing else (no leading/trailing spaces, no week dates).</summary>
    private static bool HasExplicitOffset(string text)
    {
        var time = text.IndexOf('T', StringComparison.Ordinal);
        if (time != 10 || text.Length > MaxLength || text.Any(c => c > 0x7F || char.IsWhiteSpace(c)))
        {
            return false;
        }

        var tail = text.AsSpan(time);
        return tail.EndsWith("Z", StringComparison.Ordinal) || (tail.Length > 6 && tail[^6] is '+' or '-' && tail[^3] == ':');
    }
}
