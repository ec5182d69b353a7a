using Festa.Core.Members;

namespace Festa.Core.Events;

public enum SignUpOutcome
{
    SignedUp,
    AlreadySignedUp,
    Full,
    NotFound,

    /// <summary>The event has started (<see cref="FestaEvent.IsOpenAt"/>).</summary>
    Closed,

    /// <summary>Sign-ups have not opened yet (<see cref="FestaEvent.SignUpOpensAt"/>).</summary>
    NotYetOpen,

    /// <summary>Sign-ups have closed (<see cref="FestaEvent.ClosesAt"/>) and the event has not started.</summary>
    WindowClosed,

    /// <summary>Contention did not settle within the store's retry budget.</summary>
    Busy,

    /// <summary>The member is withdrawing: their sign-up gate is closed, or a withdrawal's guard holds their seat key at the
    /// event (<see cref="SignUps.Ledger.ISignUpGate"/>); nothing was taken.</summary>
    MemberLeaving,
}

public enum CancelOutcome
{
    Cancelled,
    NotSignedUp,
    NotFound,
    Closed,
    Busy,
}

/// <summary>
/// Seats. Guaranteed under any concurrency and on every instance: active sign-ups of an event ≤ its capacity,
/// and at most one active sign-up per member and event (docs/concurrency.md). Implemented once, by
/// <see cref="SignUps.Ledger.GroupCommitSignUpStore"/>, over each store's <see cref="SignUps.Ledger.ISeatLedger"/>.
/// </summary>
public interface ISignUpStore
{
    /// <param name="requestId">Stored with the seat: a later call with the same id that finds it answers <see cref="SignUpOutcome.SignedUp"/>
    /// (an idempotent retry); null for a fresh id.</param>
    Task<SignUpOutcome> SignUpAsync(EventId eventId, UserId memberId, DateTimeOffset now, CancellationToken cancellationToken, string? requestId = null);

    /// <summary>
    /// As <see cref="SignUpAsync"/>, with the event as the deciding read saw it (null when not found or not read), and
    /// whether the member's hint went through their open sign-up gate (<see cref="SignUps.Ledger.ISignUpGate"/>): when
    /// false and the member may hold a seat, the caller reads the member after the commit (docs/concurrency.md, "Withdrawal").
    /// </summary>
    async Task<(SignUpOutcome Outcome, FestaEvent? Event, bool Gated)> SignUpWithEventAsync(EventId eventId, UserId memberId, DateTimeOffset now,
        CancellationToken cancellationToken, string? requestId = null) => (await SignUpAsync(eventId, memberId, now, cancellationToken, requestId), null, false);

    Task<CancelOutcome> CancelAsync(EventId eventId, UserId memberId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Participants in member-id order, continuing after a store key.</summary>
    Task<StorePage<SignUpRecord>> ListParticipantsAsync(EventId eventId, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>The member's active sign-ups with their events (events deleted meanwhile are left out).</summary>
    Task<IReadOnlyList<(FestaEvent Event, DateTimeOffset SignedUpAt)>> ListOfMemberAsync(UserId memberId, CancellationToken cancellationToken);
}
