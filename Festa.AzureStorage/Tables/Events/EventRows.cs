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

    /// <summary>
    /// The waiting list's state row, <c>event.wl.{version:D12}</c>: inside the event + pools key range (read with them), its key
    /// is its version, so every waiting-list write deletes exactly the row it read and inserts the successor (never reused).
    /// Properties: <c>Next</c> (the next sequence), <c>Length</c> (members waiting).
    /// </summary>
    public const string WaitlistStatePrefix = "event.wl.";

    /// <summary>Set on the event row when the list of an event from before waiting lists was started (see TableSeatLedger).</summary>
    public const string WaitlistStartedProperty = "WaitlistStarted";

    /// <summary>Waiting entries, <c>wait.{sequence:D12}</c>: key order is first-come order.</summary>
    public const string WaitPrefix = "wait.";
    public const string WaitPrefixEnd = "wait/";

    /// <summary>A member's waiting entry by member, <c>waitm.{user id}</c>: one per member (insert-if-absent), a point read away.</summary>
    public const string WaiterPrefix = "waitm.";
    public const string WaiterPrefixEnd = "waitm/";

    /// <summary>"My waiting lists" hints in <c>MemberSignups</c>: RowKey <c>wait.{event id}</c> (event ids are hex, so sign-up hints sort before).</summary>
    public const string WaitHintPrefix = "wait.";
    public const string WaitHintPrefixEnd = "wait/";

    public static string WaitlistStateKey(long version) => WaitlistStatePrefix + version.ToString("D12", CultureInfo.InvariantCulture);

    public static string WaitKey(long sequence) => WaitPrefix + sequence.ToString("D12", CultureInfo.InvariantCulture);

    public static string WaiterKey(UserId member) => WaiterPrefix + member.Value;

    public static long VersionOf(string waitlistStateKey) => long.Parse(waitlistStateKey.AsSpan(WaitlistStatePrefix.Length), CultureInfo.InvariantCulture);

    public static TableEntity ToWaitlistStateRow(EventId id, long version, long next, int length) =>
        new(id.Value, WaitlistStateKey(version)) { ["Next"] = next, ["Length"] = length };

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
        row.GetDateTimeOffset("UpdatedAt") ?? row.GetDateTimeOffset("StartsAt")!.Value,
        row.GetDateTimeOffset("SignUpOpensAt"),
        row.GetDateTimeOffset("SignUpClosesAt"),
        row.GetInt32("MaxWaitlist"));

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

    /// <summary>A withdrawal's guard under a member's seat key (<see cref="Festa.Core.Events.SignUps.Ledger.ISignUpGate"/>): no seat, never a participant.</summary>
    public static TableEntity ToGuardRow(EventId id, UserId member) => new(id.Value, SignUpKey(member)) { [GuardProperty] = true };

    public const string GuardProperty = "Guard";

    /// <summary>Whether a row under a seat key is a guard rather than a seat.</summary>
    public static bool IsGuard(TableEntity row) => row.GetBoolean(GuardProperty) == true;

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
        row["SignUpOpensAt"] = e.SignUpOpensAt;
        row["SignUpClosesAt"] = e.SignUpClosesAt;
        row["MaxWaitlist"] = e.MaxWaitlist;
    }
}
