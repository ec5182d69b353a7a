using Microsoft.Extensions.Logging;

namespace Festa.Core.Common;

/// <summary>A store whose records expire: sessions, rate-limit counters, idempotency records.</summary>
public interface IExpiringStore
{
    /// <summary>
    /// Removes the records that expired before <paramref name="now"/> (Table Storage: through the expiry index, one key
    /// range, so the cost follows the expired records). Stores with a TTL of their own (Cosmos DB) do nothing and answer 0.
    /// </summary>
    /// <returns>How many records were removed.</returns>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>
/// The one sweep behind the maintenance timers: expired records go from stores without a TTL. Expiry is also checked
/// by time on every read, so a late sweep only leaves the table larger, never answers with an expired record.
/// </summary>
public sealed partial class ExpirySweeper(TimeProvider time, ILogger<ExpirySweeper> logger)
{
    /// <param name="what">The records' name for the log ("sessions", "rate-limit counters").</param>
    public async Task<int> SweepAsync(IExpiringStore store, string what, CancellationToken cancellationToken)
    {
        var removed = await store.DeleteExpiredAsync(time.GetUtcNow(), cancellationToken);
        LogSwept(removed, what);
        return removed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} expired {What}")]
    private partial void LogSwept(int count, string what);
}
