using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Members;

namespace Festa.Core.Events.Waitlist;

/// <summary>
/// The store side of an event's waiting list, next to its seats (implemented by the same ledger as
/// <see cref="ISeatLedger"/>). Every write is one atomic transaction in the event's partition that also moves the
/// waiting list's state (<see cref="WaitlistState"/>: the next sequence number and the length, with a version), so
/// writers on any number of instances are serialized on it: sequences are unique and increasing, and a member's
/// place is taken, left or promoted exactly once (docs/concurrency.md, "Waiting list").
/// </summary>
/// <remarks>
/// Invariants: waiting entries = <see cref="WaitlistState.Length"/>; at most one entry per member and event; a promotion
/// removes the head's entry and inserts its sign-up record in the same transaction that frees (cancel) or takes (free
/// seat) the seat, so Σ taken = sign-up records ≤ capacity holds throughout.
/// </remarks>
public interface IWaitlistLedger
{
    /// <summary>Most promotions one <see cref="PromoteAsync"/> may carry (the 100-operation limit less the counters').</summary>
    int MaxPromotionsPerCommit { get; }

    /// <summary>
    /// In one transaction: the waiting list (as read) takes the member as entry <see cref="WaitlistState.Next"/>, and the
    /// member's index entry is inserted. Changed: the list moved since it was read (read again); EntryExists: the member waits already.
    /// </summary>
    Task<WaitlistCommit> JoinAsync(EventId eventId, WaitlistState waitlist, WaitingClaim claim, CancellationToken cancellationToken);

    /// <summary>The member's waiting entry (one point read of the member's index entry in the event's partition), or null.</summary>
    Task<WaitingEntry?> FindWaitingAsync(EventId eventId, UserId memberId, CancellationToken cancellationToken);

    /// <summary>
    /// 1-based position: the entries with a smaller sequence, plus one. One key-range read of keys only, up to the entry
    /// (at most <see cref="EventRules.MaxWaitlistCap"/> keys).
    /// </summary>
    Task<int> PositionAsync(EventId eventId, WaitingEntry entry, CancellationToken cancellationToken);

    /// <summary>In one transaction: the entry and its index entry are removed and the list shrinks by one. Changed: read again.</summary>
    Task<WaitlistCommit> LeaveAsync(EventId eventId, WaitlistState waitlist, WaitingEntry entry, CancellationToken cancellationToken);

    /// <summary>Waiting entries in sequence order (first come first), continuing after a store key (one key-range query).</summary>
    Task<StorePage<WaitingEntry>> ListWaitingAsync(EventId eventId, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// A cancel that promotes, in one transaction: <paramref name="released"/>'s sign-up record (as read) is removed, the
    /// head's entry and index entry are removed, the head's record inserted, and the list shrinks by one. The seat
    /// counters do not change (one record out, one in). Changed: read again; RecordExists: the head holds a seat already
    /// (remove its entry, then promote the next).
    /// </summary>
    Task<WaitlistCommit> ReleaseAndPromoteAsync(EventId eventId, SeatRecord released, WaitlistState waitlist, Promotion promotion,
        CancellationToken cancellationToken);

    /// <summary>
    /// A cancel while nobody waits, in one transaction: as <see cref="ISeatLedger.ReleaseAsync"/>, and the waiting list
    /// (as read, empty) moves too, so a member who joined meanwhile fails it (then the cancel promotes them).
    /// </summary>
    Task<SeatCommit> ReleaseAsync(EventId eventId, SeatCounter counter, SeatRecord record, WaitlistState waitlist, CancellationToken cancellationToken);

    /// <summary>
    /// Free seats to the head of the list (after a capacity raise), in one transaction: counter <paramref name="counter"/>
    /// takes <c>promotions.Count</c> more seats, each promoted entry and index entry is removed and its record inserted,
    /// and the list shrinks. Changed: read again; RecordExists(i): promotion i's member holds a seat already.
    /// </summary>
    Task<WaitlistCommit> PromoteAsync(EventId eventId, SeatCounter counter, WaitlistState waitlist, IReadOnlyList<Promotion> promotions,
        CancellationToken cancellationToken);

    /// <summary>Writes the member's "my waiting lists" hint (member's own partition), before the entry. Idempotent; verified when read.</summary>
    Task IndexWaitingAsync(UserId memberId, FestaEvent festaEvent, CancellationToken cancellationToken);

    /// <summary>The member's waiting entries with their events (hints without an entry are left out, and removed once old).</summary>
    Task<IReadOnlyList<(FestaEvent Event, WaitingEntry Entry)>> ListWaitingOfMemberAsync(UserId memberId, CancellationToken cancellationToken);

    /// <summary>
    /// After the event is deleted (no waiting-list transaction can commit any more): removes every waiting entry, index
    /// entry and hint, and returns the members who waited, in order. Idempotent.
    /// </summary>
    Task<IReadOnlyList<UserId>> ClearAsync(EventId eventId, CancellationToken cancellationToken);
}

/// <summary>
/// An event's waiting list as one read saw it. <paramref name="Next"/>: the sequence the next member gets;
/// <paramref name="Length"/>: members waiting; <paramref name="Version"/>: what the adapter needs to detect a move.
/// </summary>
public sealed record WaitlistState(long Next, int Length, string Version)
{
    public bool IsEmpty => Length == 0;
}

/// <summary>A member asking for a place; <paramref name="RequestId"/> is stored with the entry (a lost answer recognises its own entry).</summary>
public sealed record WaitingClaim(UserId MemberId, DateTimeOffset At, string RequestId);

/// <summary>A stored waiting entry: who, the sequence that orders it, when it joined, and the store's version of it.</summary>
public sealed record WaitingEntry(UserId MemberId, long Sequence, DateTimeOffset JoinedAt, string? RequestId, string Version);

/// <summary>
/// The head of the list taking a seat. <paramref name="PromotionId"/> is deterministic (event, member, sequence), stored as
/// the sign-up record's request id and in the <c>promoted</c> notice's outbox entry id, so a retry never notifies twice.
/// <see cref="Notice"/> is that entry: a ledger writes it in the same transaction as the promotion (when set).
/// </summary>
public sealed record Promotion(WaitingEntry Entry, DateTimeOffset At, string PromotionId)
{
    /// <summary>The <c>promoted</c> outbox entry to write with the promotion (<see cref="PromotionNotices.For"/>).</summary>
    public Notifications.Outbox.OutboxEntry? Notice { get; init; }

    public static Promotion Of(EventId eventId, WaitingEntry entry, DateTimeOffset at) =>
        new(entry, at, Notifications.Notification.IdOf("promoted", eventId.Value, entry.MemberId.Value,
            entry.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The promotion with its <c>promoted</c> outbox entry, as the promoter commits it.</summary>
    public static Promotion WithNotice(FestaEvent festaEvent, WaitingEntry entry, DateTimeOffset at)
    {
        var promotion = Of(festaEvent.Id, entry, at);
        return promotion with { Notice = PromotionNotices.For(festaEvent, entry.MemberId, promotion.PromotionId, at) };
    }
}

/// <summary>Outcome of one waiting-list transaction.</summary>
public readonly record struct WaitlistCommit(WaitlistCommitStatus Status, int FailedIndex = -1)
{
    public static WaitlistCommit Committed => new(WaitlistCommitStatus.Committed);

    public static WaitlistCommit Changed => new(WaitlistCommitStatus.Changed);

    public static WaitlistCommit EntryExists => new(WaitlistCommitStatus.EntryExists);

    public static WaitlistCommit RecordExists(int index) => new(WaitlistCommitStatus.RecordExists, index);
}

public enum WaitlistCommitStatus
{
    Committed,

    /// <summary>The waiting list, a counter, the event or a record moved since it was read: nothing written, read again.</summary>
    Changed,

    /// <summary>The member already has a waiting entry: nothing written.</summary>
    EntryExists,

    /// <summary>A promoted member already holds a sign-up record (<see cref="WaitlistCommit.FailedIndex"/>): nothing written.</summary>
    RecordExists,
}
