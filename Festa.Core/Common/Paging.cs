using System.Globalization;

namespace Festa.Core.Common;

/// <summary>A page request as every list endpoint takes it: <c>limit</c> (1–100, default 20) and an opaque <c>cursor</c>.</summary>
public sealed record Paging(int Limit, string? After)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>Validates both parts, recording problems in <paramref name="errors"/>.</summary>
    public static Paging Read(FieldErrors errors, string? rawLimit, string? rawCursor)
    {
        var limit = DefaultLimit;
        if (rawLimit is not null && (!int.TryParse(rawLimit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            errors.Add("limit", $"must be a whole number from 1 to {MaxLimit}.");
        }

        if (!Cursor.TryDecode(rawCursor, out var after))
        {
            errors.Add("cursor", "is not a cursor this API returned.");
        }

        return new Paging(limit, after);
    }

    public static Result<Paging> Parse(string? rawLimit, string? rawCursor)
    {
        var errors = new FieldErrors();
        var paging = Read(errors, rawLimit, rawCursor);
        return errors.Any ? errors.ToError() : paging;
    }
}
