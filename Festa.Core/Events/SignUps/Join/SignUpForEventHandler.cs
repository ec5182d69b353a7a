using Festa.Core.Auth.Sessions;
using Festa.Core.Common;
using Festa.Core.Members;
using Festa.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace Festa.Core.Events.SignUps.Join;

/// <summary>
/// First come, first served: a seat if one is left, the member holds none yet, and sign-ups are open (after
/// <c>signUpOpensAt</c>, before <c>signUpClosesAt</c>).
/// A member who started to withdraw meanwhile gets no seat and the answer 401, as for a session that ended. When the
/// member's "my sign-ups" hint went through their open sign-up gate (<see cref="Ledger.ISignUpGate"/>) the withdrawal
/// is bound to find the sign-up and guard or free its seat, so nothing more is read; a closed gate is refused before any
/// seat is written. On a store without gates the member is read once more after a seat may have been committed, and a
/// withdrawing member's seat is given back. Either way the race closes without a cross-partition transaction: docs/concurrency.md, "Withdrawal".
/// </summary>
public sealed partial class SignUpForEventHandler(ISignUpStore signUps, IMemberStore members, TimeProvider time, FestaMetrics metrics,
    ILogger<SignUpForEventHandler> logger)
{
    /// <param name="requestId">The same on every run of one request (its idempotency key's operation id): a seat an earlier
    /// run took is then this request's own ("signed up", not "already signed up"). Null: a fresh id.</param>
    public async Task<Result<SignUpConfirmation>> HandleAsync(CurrentSession caller, string rawId, CancellationToken cancellationToken,
        string? requestId = null)
    {
        if (!EventId.TryParse(rawId, out var id))
        {
            return EventErrors.NotFound;
        }

        var now = time.GetUtcNow();
        SignUpOutcome outcome;
        FestaEvent? seen;
        bool gated;
        try
        {
            (outcome, seen, gated) = await signUps.SignUpWithEventAsync(id, caller.MemberId, now, cancellationToken, requestId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The fault may have come after the seat committed (a lost answer): settle it before answering.
            await GiveBackIfLeavingAsync(caller.MemberId, id, now);
            throw;
        }

        if (MayHoldSeat(outcome) && !gated && await GiveBackIfLeavingAsync(caller.MemberId, id, now) is { } leaving)
        {
            return leaving;
        }

        metrics.SignUp(outcome);
        switch (outcome)
        {
            case SignUpOutcome.SignedUp:
                LogSignedUp(caller.MemberId.Value, id.Value);
                break;
            case SignUpOutcome.Busy:
                LogBusy(caller.MemberId.Value, id.Value);
                break;
            default:
                LogRefused(caller.MemberId.Value, id.Value, outcome);
                break;
        }

        return outcome switch
        {
            SignUpOutcome.SignedUp => new SignUpConfirmation(id.Value, caller.MemberId.Value, now),
            SignUpOutcome.AlreadySignedUp => EventErrors.AlreadySignedUp,
            SignUpOutcome.Full => EventErrors.Full,
            SignUpOutcome.Closed => EventErrors.Started,
            SignUpOutcome.NotYetOpen when seen?.SignUpOpensAt is { } opensAt => EventErrors.SignUpsNotOpen(opensAt),
            SignUpOutcome.WindowClosed => EventErrors.SignUpsClosed,
            SignUpOutcome.Busy => CommonErrors.Busy(TimeSpan.FromSeconds(1)),
            SignUpOutcome.MemberLeaving => MemberErrors.Gone,
            _ => EventErrors.NotFound,
        };
    }

    /// <summary>Outcomes after which the member may hold a seat (a lost answer included); the others took none.</summary>
    private static bool MayHoldSeat(SignUpOutcome outcome) =>
        outcome is SignUpOutcome.SignedUp or SignUpOutcome.AlreadySignedUp or SignUpOutcome.Busy;

    /// <summary>
    /// Reads the member after the commit (W1 then R1). If the member is withdrawing or gone, the seat goes back and
    /// the answer is the error to send; null when the member is active. Not cancellable: once a seat may be
    /// committed, this check must run even if the caller went away.
    /// </summary>
    private async Task<Error?> GiveBackIfLeavingAsync(UserId memberId, EventId eventId, DateTimeOffset now)
    {
        var member = await members.FindAsync(memberId, CancellationToken.None);
        if (member is { Value.IsActive: true })
        {
            return null;
        }

        var released = await signUps.CancelAsync(eventId, memberId, now, CancellationToken.None);
        LogGivenBack(memberId.Value, eventId.Value, released);
        return released == CancelOutcome.Busy ? CommonErrors.Busy(TimeSpan.FromSeconds(1)) : MemberErrors.Gone;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} is withdrawing: the sign-up for event {EventId} gives its seat back ({Outcome})")]
    private partial void LogGivenBack(string memberId, string eventId, CancelOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} took a seat at event {EventId}")]
    private partial void LogSignedUp(string memberId, string eventId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sign-up of member {MemberId} for event {EventId} refused: {Outcome}")]
    private partial void LogRefused(string memberId, string eventId, SignUpOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-up of member {MemberId} for event {EventId} gave up: seat pools kept changing under it")]
    private partial void LogBusy(string memberId, string eventId);
}

public sealed record SignUpConfirmation(string EventId, string UserId, DateTimeOffset SignedUpAt);
