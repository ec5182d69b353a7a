using Festa.Core.Common;

namespace Festa.Core.Members;

/// <summary>Where a member lives, used to recommend nearby events first.</summary>
public sealed record Region(string City, string District)
{
    public const int MaxPartLength = 50;

    /// <summary>Validates a region from a request; both parts are required when a region is given.</summary>
    public static Region? Validate(FieldErrors errors, string field, RegionInput? input)
    {
        if (input is null)
        {
            return null;
        }

        var city = TextRules.Required(errors, $"{field}.city", input.City, MaxPartLength);
        var district = TextRules.Required(errors, $"{field}.district", input.District, MaxPartLength);
        return city is null || district is null ? null : new Region(city, district);
    }

    /// <summary>Case-insensitive matching key, so "Seoul" and "seoul" are the same city.</summary>
    public static string Key(string part) => part.Trim().ToLowerInvariant();
}

/// <summary>A region as sent by a client.</summary>
public sealed record RegionInput(string? City, string? District);
