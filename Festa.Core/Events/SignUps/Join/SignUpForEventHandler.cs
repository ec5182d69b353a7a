using Festa.Core.Auth.Sessions;
using Festa.Core.Common;
using Festa.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace Festa.Core.Events.SignUps.Join;

/// <summary>First come, first served: a seat if one is left, the member holds none yet, and the event has not started.</summary>
public sealed partial class SignUpForEventHandler(ISignUpStore signUps, TimeProvider time, FestaMetrics metrics, ILogger<SignUpForEventHandler> logger)
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
        var outcome = await signUps.SignUpAsync(id, caller.MemberId, now, cancellationToken, requestId);
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
