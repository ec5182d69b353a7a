using Festa.Core.Auth.Sessions;
using Festa.Core.Common;

namespace Festa.Core.Events.SignUps.Join;

/// <summary>First come, first served: a seat if one is left, the member holds none yet, and the event has not started.</summary>
public sealed class SignUpForEventHandler(ISignUpStore signUps, TimeProvider time)
{
    public async Task<Result<SignUpConfirmation>> HandleAsync(CurrentSession caller, string rawId, CancellationToken cancellationToken)
    {
        if (!EventId.TryParse(rawId, out var id))
        {
            return EventErrors.NotFound;
        }

        var now = time.GetUtcNow();
        return await signUps.SignUpAsync(id, caller.MemberId, now, cancellationToken) switch
        {
            SignUpOutcome.SignedUp => new SignUpConfirmation(id.Value, caller.MemberId.Value, now),
            SignUpOutcome.AlreadySignedUp => EventErrors.AlreadySignedUp,
            SignUpOutcome.Full => EventErrors.Full,
            SignUpOutcome.Closed => EventErrors.Started,
            SignUpOutcome.Busy => CommonErrors.Busy(TimeSpan.FromSeconds(1)),
            _ => EventErrors.NotFound,
        };
    }
}

public sealed record SignUpConfirmation(string EventId, string UserId, DateTimeOffset SignedUpAt);
