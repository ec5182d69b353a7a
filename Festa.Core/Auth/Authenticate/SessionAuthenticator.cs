using Festa.Core.Auth.Sessions;
using Festa.Core.Common;
using Festa.Core.Telemetry;

namespace Festa.Core.Auth.Authenticate;

/// <summary>
/// Resolves the caller from the tokens a request presents. One point read per request; one write
/// at most every refresh interval to slide the idle expiry.
/// </summary>
public sealed class SessionAuthenticator(ISessionStore sessions, SessionLifetime lifetime, TimeProvider time, FestaMetrics metrics)
{
    /// <summary>A request may carry stale cookies next to the live one; try only a few.</summary>
    public const int MaxCandidates = 3;

    public async Task<Result<CurrentSession>> AuthenticateAsync(IEnumerable<string> presentedTokens, CancellationToken cancellationToken)
    {
        foreach (var token in presentedTokens.Distinct(StringComparer.Ordinal).Take(MaxCandidates))
        {
            if (!SessionTokens.TryGetId(token, out var id))
            {
                continue;
            }

            var session = await FindActiveAsync(id, cancellationToken);
            if (session is not null)
            {
                return CurrentSession.Of(session);
            }
        }

        return CommonErrors.Unauthenticated;
    }

    private async Task<Session?> FindActiveAsync(SessionId id, CancellationToken cancellationToken)
    {
        var found = await sessions.FindAsync(id, cancellationToken);
        var now = time.GetUtcNow();

        // Expiry is checked here, not left to cleanup: an expired row may linger until the sweeper runs.
        if (found is null || !found.Value.IsActiveAt(now))
        {
            return null;
        }

        if (!lifetime.IsDueForRefresh(found.Value, now))
        {
            return found.Value;
        }

        var refreshed = lifetime.Refreshed(found.Value, now);
        var touched = await sessions.TouchAsync(refreshed, found.Version, cancellationToken);
        metrics.SessionRefresh(touched);
        return touched switch
        {
            TouchOutcome.Refreshed => refreshed,
            TouchOutcome.AlreadyRefreshed => found.Value,
            _ => null,
        };
    }
}
