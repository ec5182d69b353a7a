using Festa.Core.Members;

namespace Festa.Core.Events.SignUps.Ledger;

/// <summary>
/// A member's sign-up gate: lets a sign-up prove, in the same store write as its "my sign-ups" hint, that the member
/// had not begun to withdraw — so the sign-up needs no read of the member after its seat commits (one store request
/// less per seat). Stores that keep no gate (Cosmos DB here: its gated hint would need a transactional batch the local
/// test server lacks) leave this port unregistered, and sign-ups read the member after the commit instead.
/// docs/concurrency.md, "Withdrawal".
/// </summary>
/// <remarks>
/// The protocol. A sign-up writes its hint through the open gate (<see cref="ISeatLedger.IndexAsync"/> answers
/// <see cref="HintWrite.Gated"/>), then commits its seat. The withdrawal marks the member withdrawing,
/// <see cref="CloseAsync"/>s the gate (for good: it can never open again), then lists the hints
/// (<see cref="ListHintedAsync"/>) and puts a guard under the member's seat key at each event
/// (<see cref="GuardAsync"/>) before it lists and frees the seats. A hint written through the gate committed before
/// the close, so the listing sees it; its seat either committed before the guard (the guard reports
/// <see cref="GuardOutcome.SeatHeld"/>, the seat is freed) or fails on the guard
/// (<see cref="SeatCommitStatus.ClaimExists"/>; <see cref="IsGuardedAsync"/> tells the sign-up its member is leaving).
/// A hint after the close is refused (<see cref="HintWrite.GateClosed"/>): that sign-up takes no seat.
/// </remarks>
public interface ISignUpGate
{
    /// <summary>
    /// Opens the member's gate unless it is open or was ever closed (insert-if-absent of both the gate and a
    /// never-deleted "ever opened" mark, in one transaction). Safe at any time, any number of times.
    /// </summary>
    /// <returns>True when this call opened it.</returns>
    Task<bool> OpenAsync(UserId memberId, CancellationToken cancellationToken);

    /// <summary>Closes the member's gate for good: afterwards no hint is written through it. Idempotent.</summary>
    Task CloseAsync(UserId memberId, CancellationToken cancellationToken);

    /// <summary>The events the member's "my sign-ups" hints name, verified or not (one key-range query in the member's partition).</summary>
    Task<IReadOnlyList<EventId>> ListHintedAsync(UserId memberId, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts a guard under the member's seat key in the event's partition, so a later seat commit for the member
    /// fails. Takes no seat and is never listed as a participant. Idempotent.
    /// </summary>
    /// <returns><see cref="GuardOutcome.Guarded"/>; <see cref="GuardOutcome.SeatHeld"/> when the member holds a seat
    /// there (free it, then guard again); <see cref="GuardOutcome.EventGone"/> when the event does not exist (no guard
    /// is left behind; a seat row of a deleted event is the outbox's to remove).</returns>
    Task<GuardOutcome> GuardAsync(EventId eventId, UserId memberId, CancellationToken cancellationToken);

    /// <summary>Whether a guard holds the member's seat key at the event (one point read).</summary>
    Task<bool> IsGuardedAsync(EventId eventId, UserId memberId, CancellationToken cancellationToken);
}

public enum GuardOutcome
{
    Guarded,
    SeatHeld,
    EventGone,
}
