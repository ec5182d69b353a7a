using Festa.Core.Members;

namespace Festa.Core.Events.SignUps.Ledger;

/// <summary>
/// The store side of seats: a narrow port that reads an event's seat counters and commits many seat claims in
/// one transaction. The policy — who gets the last seats, group commit, retries — lives once, in
/// <see cref="GroupCommitSignUpStore"/>; adapters (Table Storage, Cosmos DB, the tests' in-memory ledger)
/// only keep the books. Every adapter passes the same contract suite (tests/Festa.Stores.Tests/Contract).
/// </summary>
/// <remarks>
/// Invariants every implementation keeps, under any concurrency and on every instance:
/// Σ taken over the counters = number of sign-up records ≤ capacity, and at most one record per member and event.
/// <see cref="CommitAsync"/> and <see cref="ReleaseAsync"/> are single atomic store transactions in the event's
/// partition (an entity-group transaction on Table Storage, a transactional batch on Cosmos DB), ≤ 100 operations.
/// </remarks>
public interface ISeatLedger
{
    /// <summary>Most claims one <see cref="CommitAsync"/> may carry: the 100-operation transaction limit less the counter's operations.</summary>
    int MaxClaimsPerCommit { get; }

    /// <summary>The event and its seat counters, in one store request; null when the event does not exist.</summary>
    Task<SeatLedgerState?> ReadAsync(EventId eventId, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: counter <paramref name="counter"/> (as read) takes <c>claims.Count</c> more seats and one
    /// sign-up record per claim is inserted. All or nothing.
    /// </summary>
    /// <returns>
    /// <see cref="SeatCommit.Committed"/>; <see cref="SeatCommit.CounterChanged"/> when the counter moved since it was read,
    /// has too little room now, or the event is gone (nothing written; read again); or
    /// <see cref="SeatCommit.ClaimExists"/> with the index of a claim whose member already holds a record (nothing written).
    /// </returns>
    Task<SeatCommit> CommitAsync(EventId eventId, SeatCounter counter, IReadOnlyList<SeatClaim> claims, CancellationToken cancellationToken);

    /// <summary>In one transaction: the member's record (as read) is removed and counter <paramref name="counter"/> gives one seat back.</summary>
    /// <returns>Committed; CounterChanged (read again); or ClaimExists(0) meaning the record changed or vanished since it was read.</returns>
    Task<SeatCommit> ReleaseAsync(EventId eventId, SeatCounter counter, SeatRecord record, CancellationToken cancellationToken);

    /// <summary>The member's sign-up record (one point read), or null.</summary>
    Task<SeatRecord?> FindAsync(EventId eventId, UserId memberId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the member's "my sign-ups" hint for the event (in the member's own partition), before the seat is
    /// committed, so that an accepted sign-up is always listed. Idempotent; verified when read.
    /// </summary>
    /// <returns><see cref="HintWrite.Gated"/> when the hint went through the member's open sign-up gate
    /// (<see cref="ISignUpGate"/>, in the same store transaction): a withdrawal is then bound to find it, and the sign-up
    /// needs no read of the member after its commit. <see cref="HintWrite.GateClosed"/> when the gate is closed for good
    /// (nothing written: the member is withdrawing and must get no seat). <see cref="HintWrite.Ungated"/> on a store
    /// without gates (written alone: the sign-up reads the member after its commit).</returns>
    Task<HintWrite> IndexAsync(UserId memberId, FestaEvent festaEvent, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the member's "my sign-ups" index names the event: one point read in the member's own partition, off
    /// the event's hot partition. Every record's index entry is written before the record, so false means the member
    /// holds no seat; true is confirmed with <see cref="FindAsync"/>.
    /// </summary>
    Task<bool> IsIndexedAsync(UserId memberId, EventId eventId, CancellationToken cancellationToken);

    /// <summary>Participants in member-id order, continuing after a store key (one key-range query).</summary>
    Task<StorePage<SignUpRecord>> ListParticipantsAsync(EventId eventId, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>The member's active sign-ups with their events (events deleted meanwhile are left out).</summary>
    Task<IReadOnlyList<(FestaEvent Event, DateTimeOffset SignedUpAt)>> ListOfMemberAsync(UserId memberId, CancellationToken cancellationToken);
}

/// <summary>
/// An event and its seat counters as one read saw them, with its waiting list's state when the store keeps one
/// (<see cref="Waitlist.IWaitlistLedger"/>; the same read, so seats and waiting list are seen together).
/// </summary>
public sealed record SeatLedgerState(FestaEvent Event, IReadOnlyList<SeatCounter> Counters, Waitlist.WaitlistState? Waitlist = null)
{
    public int Waiting => Waitlist?.Length ?? 0;

    public int SeatsLeft => Counters.Sum(c => c.Room);

    public int SeatsTaken => Counters.Sum(c => c.Taken);
}

/// <summary>
/// One seat counter (Table Storage: one of an event's seat pools; Cosmos DB: the event document itself).
/// <paramref name="Version"/> is whatever the adapter needs to detect that the counter moved (ETag, row key).
/// </summary>
public sealed record SeatCounter(int Index, int Taken, int Capacity, string Version)
{
    public int Room => Math.Max(0, Capacity - Taken);
}

/// <summary>One member's claim on a seat. <paramref name="RequestId"/> is stored with the record, so that a request
/// whose commit outcome was lost (a timeout after the store committed) recognises its own record.</summary>
public sealed record SeatClaim(UserId MemberId, DateTimeOffset At, string RequestId);

/// <summary>A stored sign-up: who, when, which request wrote it, and the store's version of the record.</summary>
public sealed record SeatRecord(UserId MemberId, DateTimeOffset SignedUpAt, string? RequestId, string Version);

/// <summary>How <see cref="ISeatLedger.IndexAsync"/> wrote a member's "my sign-ups" hint (docs/concurrency.md, "Withdrawal").</summary>
public enum HintWrite
{
    /// <summary>Through the member's open sign-up gate: a withdrawal is bound to find it.</summary>
    Gated,

    /// <summary>Not written: the gate is closed for good, which only a withdrawal does.</summary>
    GateClosed,

    /// <summary>Written alone: the store keeps no gate.</summary>
    Ungated,
}

/// <summary>Outcome of one seat transaction.</summary>
public readonly record struct SeatCommit(SeatCommitStatus Status, int FailedClaim = -1)
{
    public static SeatCommit Committed => new(SeatCommitStatus.Committed);

    public static SeatCommit CounterChanged => new(SeatCommitStatus.CounterChanged);

    public static SeatCommit ClaimExists(int index) => new(SeatCommitStatus.ClaimExists, index);
}

public enum SeatCommitStatus
{
    Committed,
    CounterChanged,
    ClaimExists,
}
