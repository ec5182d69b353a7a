using Festa.Core.Common;
using Festa.Core.Members;
using Festa.Core.Telemetry;

namespace Festa.Core.Auth.Throttling;

/// <summary>
/// Counts a failed login in the store with optimistic concurrency, so concurrent guesses on several
/// instances are all counted rather than overwriting each other.
/// </summary>
public sealed class LoginFailureRecorder(IMemberStore members, LoginThrottle throttle, TimeProvider time, FestaMetrics metrics)
{
    private const int MaxAttempts = 5;

    public async Task RecordAsync(UserId userId, Versioned<LoginFailures>? known, CancellationToken cancellationToken)
    {
        var current = known;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var updated = throttle.RecordFailure(current?.Value, time.GetUtcNow());
            if (await members.TrySaveLoginFailuresAsync(userId, updated, current?.Version, cancellationToken))
            {
                return;
            }

            metrics.StoreConflict(StoreConflictSite.LoginFailures);
            current = (await members.FindForLoginAsync(userId, cancellationToken)).Failures;
        }

        // Losing five races in a row means others are recording failures for this account right now:
        // the lock engages through their writes, so this one is not needed for the limit to hold.
    }
}
