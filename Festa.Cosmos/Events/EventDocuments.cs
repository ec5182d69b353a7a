using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Festa.Core.Events;
using Festa.Core.Members;

namespace Festa.Cosmos.Events;

/// <summary>
/// An event's details and its seat count in one document (id "event", pk = event id). Seats taken live
/// next to the capacity, so "is there room?" is a filter on this one document that a transactional
/// batch checks atomically with the sign-up it adds (docs/data-model.md, "Cosmos DB").
/// <see cref="Deleting"/> (JSON <c>deleting</c>) is set first by a deletion and stays until the last
/// sign-up is gone: sign-up batches refuse such an event, and a retried deletion resumes from it.
/// Documents written before the field existed lack it, so filters test <c>NOT IS_DEFINED(c.deleting) OR c.deleting = false</c>.
/// <see cref="Outbox"/> holds the undelivered notices of changes (entry id → entry JSON), written by the same replace as the
/// change; <see cref="Deletion"/> the deletion's notice, set by the same patch as <see cref="Deleting"/> (Festa.Cosmos/Outbox).
/// </summary>
internal sealed record EventDocument(
    string Id,
    string Pk,
    string HostId,
    string Title,
    string Description,
    string Category,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int Capacity,
    int Taken,
    string City,
    string District,
    string Address,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    bool Deleting = false,
    IReadOnlyDictionary<string, string>? Outbox = null,
    string? Deletion = null,
    DateTimeOffset? SignUpOpensAt = null,
    DateTimeOffset? SignUpClosesAt = null,
    int? MaxWaitlist = null,
    long WaitNext = 0,
    int WaitLength = 0)
{
    public const string Key = "event";

    /// <summary>Patch filter: the event is not being deleted (also true for documents without the field).</summary>
    public const string NotDeleting = "(NOT IS_DEFINED(c.deleting) OR c.deleting = false)";

    /// <param name="waitNext">The waiting list's next sequence number (kept by a replace).</param>
    /// <param name="waitLength">Members waiting (kept by a replace).</param>
    public static EventDocument From(FestaEvent e, int taken, long waitNext = 0, int waitLength = 0) => new(Key, e.Id.Value, e.HostId.Value, e.Title,
        e.Description, EventKeys.Category(e.Category), e.StartsAt, e.EndsAt, e.Capacity, taken, e.Location.City, e.Location.District,
        e.Location.Address, e.CreatedAt, e.UpdatedAt, false, null, null, e.SignUpOpensAt, e.SignUpClosesAt, e.MaxWaitlist, waitNext, waitLength);

    public FestaEvent ToEvent() => new(EventId.FromTrusted(Pk), UserId.FromTrusted(HostId), Title, Description,
        Enum.Parse<EventCategory>(Category, ignoreCase: true), StartsAt, EndsAt, Capacity, new EventLocation(City, District, Address),
        CreatedAt, UpdatedAt, SignUpOpensAt, SignUpClosesAt, MaxWaitlist);
}

/// <summary>One member's seat: id "signup.{user id}" in the event's partition, so ids sort by member.</summary>
internal sealed record SignUpDocument(string Id, string Pk, string MemberId, DateTimeOffset SignedUpAt, string? RequestId = null)
{
    public const string Prefix = "signup.";
    public const string PrefixEnd = "signup/";

    public static string KeyOf(UserId member) => Prefix + member.Value;

    public static SignUpDocument From(EventId eventId, UserId member, DateTimeOffset at, string requestId) =>
        new(KeyOf(member), eventId.Value, member.Value, at, requestId);

    public SignUpRecord ToRecord() => new(UserId.FromTrusted(MemberId), SignedUpAt);
}

/// <summary>
/// An upcoming event in the listing: pk = start month "yyyy-MM", id = "{start ticks:D19}.{event id}", so id
/// order is start order across months. A copy of what lists show, plus lower-cased city and district keys.
/// </summary>
internal sealed record ListingDocument(
    string Id,
    string Pk,
    string Kind,
    string EventId,
    string HostId,
    string Title,
    string Category,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int Capacity,
    string City,
    string District,
    string Address,
    string CityKey,
    string DistrictKey,
    DateTimeOffset? SignUpOpensAt = null,
    DateTimeOffset? SignUpClosesAt = null)
{
    public const string ListingKind = "listing";

    /// <summary>The listing query's optional equality filters, in the order its ORDER BY names them.</summary>
    public static readonly string[] FilterProperties = ["category", "cityKey", "districtKey"];

    /// <summary>
    /// Every ORDER BY the listing query can send: <c>kind</c>, the filters present, <c>id</c>. A query that
    /// filters on equality and orders by another property is served from a composite index only when the
    /// ORDER BY names the filtered properties first ("Indexing policies in Azure Cosmos DB", composite
    /// indexes: queries with a filter and ORDER BY); ORDER BY on several properties needs that index to run at all.
    /// </summary>
    public static IEnumerable<string[]> IndexedOrders() =>
        Enumerable.Range(0, 1 << FilterProperties.Length).Select(mask =>
            (string[])["kind", .. FilterProperties.Where((_, i) => (mask & (1 << i)) != 0), "id"]);

    public static ListingDocument From(FestaEvent e) => new(EventKeys.ListingKey(e), EventKeys.ListingPartition(e.StartsAt), ListingKind,
        e.Id.Value, e.HostId.Value, e.Title, EventKeys.Category(e.Category), e.StartsAt, e.EndsAt, e.Capacity, e.Location.City,
        e.Location.District, e.Location.Address, Region.Key(e.Location.City), Region.Key(e.Location.District), e.SignUpOpensAt, e.SignUpClosesAt);

    /// <summary>As the Table store's listing: lists show no description, and created/updated fall back to the start.</summary>
    public FestaEvent ToEvent() => new(Core.Events.EventId.FromTrusted(EventId), UserId.FromTrusted(HostId), Title, string.Empty,
        Enum.Parse<EventCategory>(Category, ignoreCase: true), StartsAt, EndsAt, Capacity, new EventLocation(City, District, Address),
        StartsAt, StartsAt, SignUpOpensAt, SignUpClosesAt);
}

/// <summary>A host's claim on a title at a start: pk = "title:{host id}", id = hash of both.</summary>
internal sealed record TitleClaimDocument(string Id, string Pk, string Kind, string EventId)
{
    public static TitleClaimDocument From(FestaEvent e) => new(EventKeys.TitleKey(e), "title:" + e.HostId.Value, "title", e.Id.Value);
}

/// <summary>A hint that the member may hold a seat: pk = "member:{user id}", id = event id (verified when read).</summary>
internal sealed record SignUpHintDocument(string Id, string Pk, string Kind, DateTimeOffset StartsAt)
{
    public static string PartitionOf(UserId member) => "member:" + member.Value;

    public static SignUpHintDocument From(UserId member, FestaEvent e) => new(e.Id.Value, PartitionOf(member), "signup-hint", e.StartsAt);
}

internal static class EventKeys
{
    public static string Category(EventCategory category) => category.ToString().ToLowerInvariant();

    public static string ListingPartition(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Start ticks first (fixed width, so string order is time order), the id to break ties.</summary>
    public static string ListingKey(FestaEvent e) => TicksKey(e.StartsAt) + "." + e.Id.Value;

    public static string TicksKey(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>One claim per host, title (case-insensitive) and start.</summary>
    public static string TitleKey(FestaEvent e)
    {
        var text = e.Title.Trim().ToUpperInvariant() + "\n" + TicksKey(e.StartsAt);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
