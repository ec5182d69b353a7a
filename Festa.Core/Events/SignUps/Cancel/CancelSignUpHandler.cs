using Festa.Core.Auth.Sessions;
using Festa.Core.Common;

namespace Festa.Core.Events.SignUps.Cancel;

/// <summary>Gives the caller's seat back, so the next applicant can take it.</summary>
public sealed class CancelSignUpHandler(ISignUpStore signUps, TimeProvider time)
{
    public async Task<Result> HandleAsync(CurrentSession caller, string rawId, CancellationToken cancellationToken)
    {
        if (!EventId.TryParse(rawId, out var id))
        {
            return EventErrors.NotFound;
        }

        return await signUps.CancelAsync(id, caller.MemberId, time.GetUtcNow(), cancellationToken) switch
        {
            CancelOutcome.Cancelled => Result.Success,
            CancelOutcome.NotSignedUp => EventErrors.NotSignedUp,
            CancelOutcome.Closed => EventErrors.Started,
            CancelOutcome.Busy => CommonErrors.Busy(TimeSpan.FromSeconds(1)),
            _ => EventErrors.NotFound,
        };
    }
}
