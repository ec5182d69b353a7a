using Microsoft.Extensions.Logging;

namespace Festa.Core.Idempotency;

/// <summary>
/// Removes idempotency records past their retention from stores without a TTL (Table Storage). Expiry is also
/// checked by time on every read (<see cref="IdempotencyKeys"/>), so this only keeps the table small.
/// </summary>
public sealed partial class ExpiredIdempotencyRecordSweeper(IIdempotencyStore store, TimeProvider time, ILogger<ExpiredIdempotencyRecordSweeper> logger)
{
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var removed = await store.DeleteExpiredAsync(time.GetUtcNow(), cancellationToken);
        LogSwept(removed);
        return removed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} expired idempotency records")]
    private partial void LogSwept(int count);
}
