using System.Globalization;

namespace Festa.Core.Common;

/// <summary>A page request as every list endpoint takes it: <c>limit</c> (1–100, default 20) and an opaque <c>cursor</c>.</summary>
public sealed record Paging(int Limit, string? After)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>
    /// Validates both parts, recording problems in <paramref name="errors"/>; a cursor that is not one this API
    /// returned for <paramref name="list"/> makes the answer a 400 <c>invalid-cursor</c>.
    /// </summary>
    public static Paging Read(FieldErrors errors, string? rawLimit, string? rawCursor, CursorList list)
    {
        var limit = DefaultLimit;
        if (rawLimit is not null && !TryParseLimit(rawLimit, out limit))
        {
            errors.Add("limit", $"must be a whole number from 1 to {MaxLimit}.");
        }

        if (!Cursor.TryDecode(rawCursor, list, out var after))
        {
            errors.AddInvalidCursor("cursor", $"is not a cursor this API returned for this list ({list}).");
        }

        return new Paging(limit, after);
    }

    public static Result<Paging> Parse(string? rawLimit, string? rawCursor, CursorList list)
    {
        var errors = new FieldErrors();
        var paging = Read(errors, rawLimit, rawCursor, list);
        return errors.Any ? errors.ToError() : paging;
    }

    /// <summary>Digits only (no sign, spaces or leading zeros beyond the number itself), 1–<see cref="MaxLimit"/>.</summary>
    public static bool TryParseLimit(string raw, out int limit) =>
        int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && raw.Length <= 3 && limit is >= 1 and <= MaxLimit;
}
