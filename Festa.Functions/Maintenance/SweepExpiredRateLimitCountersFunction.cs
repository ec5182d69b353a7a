using Festa.Core.Common;
using Festa.Core.RateLimiting;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Maintenance;

/// <summary>Table Storage has no TTL: once an hour, delete rate-limit counters whose window has ended.</summary>
public sealed class SweepExpiredRateLimitCountersFunction(ExpirySweeper sweeper, IRateLimitStore store)
{
    [Function("SweepExpiredRateLimitCounters")]
    public Task RunAsync([TimerTrigger("0 7 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(store, "rate-limit counters", cancellationToken);
}
