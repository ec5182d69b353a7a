using Festa.Core.Common;
using Festa.Core.Members;

namespace Festa.Core.Events;

/// <summary>Where an event takes place. City and district drive filtering and recommendations.</summary>
public sealed record EventLocation(string City, string District, string Address)
{
    public const int MaxAddressLength = 200;

    public static EventLocation? Validate(FieldErrors errors, LocationInput? input)
    {
        if (input is null)
        {
            errors.Add("location", "is required.");
            return null;
        }

        var city = TextRules.Required(errors, "location.city", input.City, Region.MaxPartLength);
        var district = TextRules.Required(errors, "location.district", input.District, Region.MaxPartLength);
        var address = TextRules.Required(errors, "location.address", input.Address, MaxAddressLength);
        return city is null || district is null || address is null ? null : new EventLocation(city, district, address);
    }
}

/// <summary>A location as sent by a client.</summary>
public sealed record LocationInput(string? City, string? District, string? Address);
