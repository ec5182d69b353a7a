using Azure.Data.Tables;
using Festa.Core.Common;
using Festa.Core.Members;

namespace Festa.AzureStorage.Tables.Members;

/// <summary>Maps members to rows of the Members table.</summary>
internal static class MemberRows
{
    public const string ProfileKey = "profile";

    public static TableEntity ToRow(Member m) => new(m.UserId.Value, ProfileKey)
    {
        ["Name"] = m.Name,
        ["Email"] = m.Email,
        ["Phone"] = m.Phone,
        ["Role"] = m.Role.ToWire(),
        ["City"] = m.Region?.City,
        ["District"] = m.Region?.District,
        ["PasswordHash"] = m.PasswordHash,
        ["PasswordChangedAt"] = m.PasswordChangedAt,
        ["CreatedAt"] = m.CreatedAt,
        ["SecurityStamp"] = m.SecurityStamp,
        ["WithdrawnAt"] = m.WithdrawnAt,
        ["WithdrawingSince"] = m.WithdrawingSince,
    };

    public static Versioned<Member> ToMember(TableEntity row)
    {
        var city = row.GetString("City");
        var district = row.GetString("District");
        var member = new Member(
            UserId.FromTrusted(row.PartitionKey),
            row.GetString("Name") ?? string.Empty,
            row.GetString("Email") ?? string.Empty,
            row.GetString("Phone"),
            Roles.TryParse(row.GetString("Role"), out var role) ? role : Role.Member,
            city is null || district is null ? null : new Region(city, district),
            row.GetString("PasswordHash") ?? string.Empty,
            row.GetDateTimeOffset("PasswordChangedAt") ?? default,
            row.GetDateTimeOffset("CreatedAt") ?? default,
            row.GetString("SecurityStamp") ?? string.Empty,
            row.GetDateTimeOffset("WithdrawnAt"))
        {
            WithdrawingSince = row.GetDateTimeOffset("WithdrawingSince"),
        };
        return new Versioned<Member>(member, row.ETag.ToString());
    }
}
