using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Festa.Core.Events;
using Festa.Core.Members;

namespace Festa.AzureStorage.Tables.Events;

/// <summary>How events, listings, title claims and sign-ups map to table rows (docs/data-model.md).</summary>
internal static class EventRows
{
    public const string EventKey = "event";
    public const string SignUpPrefix = "signup.";
    public const string SignUpPrefixEnd = "signup/";

    public static string SignUpKey(UserId member) => SignUpPrefix + member.Value;

    public static TableEntity ToEventRow(FestaEvent e)
    {
        var row = new TableEntity(e.Id.Value, EventKey);
        WriteDetails(row, e);
        row["Description"] = e.Description;
        row["CreatedAt"] = e.CreatedAt;
        row["UpdatedAt"] = e.UpdatedAt;
        return row;
    }

    public static FestaEvent ToEvent(TableEntity row) => new(
        EventId.FromTrusted(row.GetString("EventId") ?? row.PartitionKey),
        UserId.FromTrusted(row.GetString("HostId")),
        row.GetString("Title"),
        row.GetString("Description") ?? string.Empty,
        Enum.Parse<EventCategory>(row.GetString("Category"), ignoreCase: true),
        row.GetDateTimeOffset("StartsAt")!.Value,
        row.GetDateTimeOffset("EndsAt")!.Value,
        row.GetInt32("Capacity")!.Value,
        new EventLocation(row.GetString("City"), row.GetString("District"), row.GetString("Address")),
        row.GetDateTimeOffset("CreatedAt") ?? row.GetDateTimeOffset("StartsAt")!.Value,
        row.GetDateTimeOffset("UpdatedAt") ?? row.GetDateTimeOffset("StartsAt")!.Value);

    public static TableEntity ToListingRow(FestaEvent e)
    {
        var row = new TableEntity(ListingPartition(e.StartsAt), ListingKey(e));
        WriteDetails(row, e);
        return row;
    }

    public static string ListingPartition(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Start ticks first (fixed width, so string order is time order), the id to break ties.</summary>
    public static string ListingKey(FestaEvent e) => TicksKey(e.StartsAt) + "." + e.Id.Value;

    public static string TicksKey(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>One claim per host, title (case-insensitive) and start.</summary>
    public static TableEntity ToTitleRow(FestaEvent e) => new(e.HostId.Value, TitleKey(e)) { ["EventId"] = e.Id.Value };

    public static string TitleKey(FestaEvent e)
    {
        var text = e.Title.Trim().ToUpperInvariant() + "\n" + TicksKey(e.StartsAt);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public static TableEntity ToPoolRow(EventId id, SeatPool pool) => new(id.Value, pool.RowKey);

    public static TableEntity ToSignUpRow(EventId id, UserId member, DateTimeOffset at, string requestId) =>
        new(id.Value, SignUpKey(member)) { ["SignedUpAt"] = at, ["RequestId"] = requestId };

    public static SignUpRecord ToSignUp(TableEntity row) => new(SignUpMember(row.RowKey), row.GetDateTimeOffset("SignedUpAt")!.Value);

    public static UserId SignUpMember(string signUpRowKey) => UserId.FromTrusted(signUpRowKey[SignUpPrefix.Length..]);

    public static TableEntity ToMemberSignUpRow(UserId member, FestaEvent e) =>
        new(member.Value, e.Id.Value) { ["StartsAt"] = e.StartsAt };

    private static void WriteDetails(TableEntity row, FestaEvent e)
    {
        row["EventId"] = e.Id.Value;
        row["HostId"] = e.HostId.Value;
        row["Title"] = e.Title;
        row["Category"] = e.Category.ToString().ToLowerInvariant();
        row["StartsAt"] = e.StartsAt;
        row["EndsAt"] = e.EndsAt;
        row["Capacity"] = e.Capacity;
        row["City"] = e.Location.City;
        row["District"] = e.Location.District;
        row["Address"] = e.Location.Address;
        row["CityKey"] = Region.Key(e.Location.City);
        row["DistrictKey"] = Region.Key(e.Location.District);
    }
}
