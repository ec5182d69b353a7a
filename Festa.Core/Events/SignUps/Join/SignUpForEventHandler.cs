using Festa.Core.Auth.Sessions;
using Festa.Core.Common;
using Festa.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace Festa.Core.Events.SignUps.Join;

/// <summary>First come, first served: a seat if one is left, the member holds none yet, and sign-ups are open (after <c>signUpOpensAt</c>, before <c>signUpClosesAt</c>).</summary>
public sealed partial class SignUpForEventHandler(ISignUpStore signUps, TimeProvider time, FestaMetrics metrics, ILogger<SignUpForEventHandler> logger)
{
    public async Task<Result<SignUpConfirmation>> HandleAsync(CurrentSession caller, string rawId, CancellationToken cancellationToken)
    {
        if (!EventId.TryParse(rawId, out var id))
        {
            return EventErrors.NotFound;
        }

        var now = time.GetUtcNow();
        var (outcome, seen) = await signUps.SignUpWithEventAsync(id, caller.MemberId, now, cancellationToken);
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
            _ => EventErrors.NotFound,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} took a seat at event {EventId}")]
    private partial void LogSignedUp(string memberId, string eventId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sign-up of member {MemberId} for event {EventId} refused: {Outcome}")]
    private partial void LogRefused(string memberId, string eventId, SignUpOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-up of member {MemberId} for event {EventId} gave up: seat pools kept changing under it")]
    private partial void LogBusy(string memberId, string eventId);
}

public sealed record SignUpConfirmation(string EventId, string UserId, DateTimeOffset SignedUpAt);
