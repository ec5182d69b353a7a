using Festa.Core.Common;
using Festa.Core.Auth.Sessions;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Maintenance;

/// <summary>Table Storage has no TTL: every ten minutes, delete sessions that have expired.</summary>
public sealed class SweepExpiredSessionsFunction(ExpirySweeper sweeper, ISessionStore store)
{
    [Function("SweepExpiredSessions")]
    public Task RunAsync([TimerTrigger("0 */10 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(store, "sessions", cancellationToken);
}
