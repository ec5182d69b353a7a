using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Festa.AzureStorage.Tables;

/// <summary>The tables Festa keeps its state in. See docs/data-model.md for keys and the reasons for them.</summary>
public sealed class FestaTables
{
    public FestaTables(TableServiceClient service, IOptions<TableStoreOptions> options)
    {
        var prefix = options.Value.TablePrefix;
        Members = service.GetTableClient(prefix + "Members");
        Sessions = service.GetTableClient(prefix + "Sessions");
        MemberSessions = service.GetTableClient(prefix + "MemberSessions");
        Events = service.GetTableClient(prefix + "Events");
        EventListing = service.GetTableClient(prefix + "EventListing");
        EventTitles = service.GetTableClient(prefix + "EventTitles");
        MemberSignups = service.GetTableClient(prefix + "MemberSignups");
        Notifications = service.GetTableClient(prefix + "Notifications");
        RateLimits = service.GetTableClient(prefix + "RateLimits");
        Idempotency = service.GetTableClient(prefix + "Idempotency");
        All = [Members, Sessions, MemberSessions, Events, EventListing, EventTitles, MemberSignups, Notifications, RateLimits, Idempotency];
    }

    /// <summary>PK = user id; RK "profile" (the account).</summary>
    public TableClient Members { get; }

    /// <summary>PK = first two hex digits of the session id (256 buckets); RK = session id.</summary>
    public TableClient Sessions { get; }

    /// <summary>PK = user id; RK = session id. Lets a member's sessions be listed and revoked.</summary>
    public TableClient MemberSessions { get; }

    /// <summary>PK = event id; RK "event" (details), "pool.…" (seat counters), "signup.{user id}" (one per seat).</summary>
    public TableClient Events { get; }

    /// <summary>PK = start month "yyyy-MM"; RK = "{start ticks:D19}.{event id}": upcoming events in start order.</summary>
    public TableClient EventListing { get; }

    /// <summary>PK = host id; RK = hash of title and start: one event per host, title and start.</summary>
    public TableClient EventTitles { get; }

    /// <summary>PK = user id; RK = event id: events the member may be signed up for (verified on read).</summary>
    public TableClient MemberSignups { get; }

    /// <summary>PK = user id; RK "{inverted created ticks:D19}.{notification id}" (newest first) and "id.{notification id}".</summary>
    public TableClient Notifications { get; }

    /// <summary>PK = "{policy}.{subject hash}"; RK = window start ticks: one rate-limit counter per subject and window.</summary>
    public TableClient RateLimits { get; }

    /// <summary>PK = SHA-256 (hex) of caller and idempotency key; RK "record": one record per key, each its own partition.</summary>
    public TableClient Idempotency { get; }

    public IReadOnlyList<TableClient> All { get; }
}
