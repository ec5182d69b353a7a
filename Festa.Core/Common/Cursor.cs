using System.Buffers.Text;
using System.Text;

namespace Festa.Core.Common;

/// <summary>
/// Opaque paging cursors: a store key wrapped in base64url, so clients cannot build or edit them by
/// accident. A cursor names the last item returned; the next page starts strictly after it, which is why
/// items inserted between page reads cause neither duplicates nor gaps.
/// </summary>
public static class Cursor
{
    public const int MaxLength = 512;

    public static string? Encode(string? after) => after is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(after));

    public static bool TryDecode(string? cursor, out string? after)
    {
        after = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        if (cursor.Length > MaxLength || !cursor.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        try
        {
            after = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return after.Length > 0 && !after.Any(char.IsControl);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
