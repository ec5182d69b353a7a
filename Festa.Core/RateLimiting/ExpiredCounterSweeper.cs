using Microsoft.Extensions.Logging;

namespace Festa.Core.RateLimiting;

/// <summary>
/// Removes rate-limit counters whose window has ended from stores without a TTL (Table Storage). Expired counters
/// are never read again (a new window is a new key), so this only keeps the table small.
/// </summary>
public sealed partial class ExpiredCounterSweeper(IRateLimitStore store, TimeProvider time, ILogger<ExpiredCounterSweeper> logger)
{
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var removed = await store.DeleteExpiredAsync(time.GetUtcNow(), cancellationToken);
        LogSwept(removed);
        return removed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} expired rate-limit counters")]
    private partial void LogSwept(int count);
}
