using System.Buffers.Text;
using System.Text;
using System.Text.RegularExpressions;

namespace Festa.Core.Common;

/// <summary>
/// Opaque paging cursors: a store key wrapped in base64url, so clients cannot build or edit them by
/// accident. A cursor names the last item returned; the next page starts strictly after it, which is why
/// items inserted between page reads cause neither duplicates nor gaps.
/// </summary>
/// <remarks>
/// A decoded key is only accepted when it has the shape of a key of the list being paged
/// (<see cref="CursorList"/>): a store query then can only ever continue inside that list's key range, whatever
/// the client sends, and never reaches rows of another kind (which once surfaced as a 500).
/// </remarks>
public static class Cursor
{
    public const int MaxLength = 512;

    public static string? Encode(string? after) => after is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(after));

    /// <summary>Decodes a cursor returned for <paramref name="list"/>; null or absent means "first page".</summary>
    public static bool TryDecode(string? cursor, CursorList list, out string? after)
    {
        after = null;
        if (cursor is null)
        {
            return true;
        }

        if (cursor.Length is 0 or > MaxLength || !cursor.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        try
        {
            var key = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(cursor));
            if (key.Length == 0 || key.Any(char.IsControl) || !list.Matches(key) || Encode(key) != cursor)
            {
                return false;
            }

            after = key;
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>The lists Festa pages, each with the shape of its store keys (the same in both stores).</summary>
public sealed partial class CursorList
{
    private readonly Regex _shape;

    private CursorList(string name, Regex shape)
    {
        Name = name;
        _shape = shape;
    }

    /// <summary>Event listing rows: "{start ticks:D19}.{event id}".</summary>
    public static CursorList Events { get; } = new("events", EventKey());

    /// <summary>Sign-up rows of one event: "signup.{user id}".</summary>
    public static CursorList Participants { get; } = new("participants", SignUpKey());

    /// <summary>Waiting-list entries of one event: "wait.{sequence:D12}".</summary>
    public static CursorList Waitlist { get; } = new("waitlist", WaitKey());

    /// <summary>Inbox rows: "{inverted created ticks:D19}.{notification id}".</summary>
    public static CursorList Notifications { get; } = new("notifications", NotificationKey());

    /// <summary>A member's sessions: the member index's row key, the session id (64 lower-case hex digits).</summary>
    public static CursorList Sessions { get; } = new("sessions", SessionKey());

    public string Name { get; }

    public bool Matches(string key) => _shape.IsMatch(key);

    public override string ToString() => Name;

    [GeneratedRegex(@"\A[0-9]{19}\.[0-9a-f]{32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex EventKey();

    [GeneratedRegex(@"\Asignup\.[a-z0-9_-]{4,20}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SignUpKey();

    [GeneratedRegex(@"\Await\.[0-9]{12}\z", RegexOptions.CultureInvariant)]
    private static partial Regex WaitKey();

    [GeneratedRegex(@"\A[0-9]{19}\.[0-9a-f]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NotificationKey();

    [GeneratedRegex(@"\A[0-9a-f]{64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SessionKey();
}
