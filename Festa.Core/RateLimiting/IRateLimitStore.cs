using Festa.Core.Common;

namespace Festa.Core.RateLimiting;

/// <summary>
/// One counter: <see cref="Partition"/> is the policy and a hash of the subject (so every subject's counter is in a
/// partition of its own and no two subjects contend), <see cref="Row"/> the start of its window (so a new window is a
/// new row and old ones are simply never read again). Both are safe as Table keys and Cosmos ids.
/// </summary>
public sealed record RateLimitCounterKey(string Partition, string Row);

/// <summary>
/// The store port behind <see cref="RateLimiter"/>: small counters read and written with optimistic concurrency.
/// The mechanism (fixed windows, count before act) lives in <see cref="RateLimiter"/>; adapters only store.
/// </summary>
public interface IRateLimitStore : IExpiringStore
{
    /// <summary>The counter's value and version, or null when nothing was counted in this window yet.</summary>
    Task<Versioned<int>?> ReadAsync(RateLimitCounterKey key, CancellationToken cancellationToken);

    /// <summary>Creates the counter (insert-if-absent).</summary>
    /// <param name="expiresAt">After this the counter is worthless; the store may delete it (Cosmos TTL, Table sweep).</param>
    /// <returns>The new counter's version (ETag), or null when it already exists.</returns>
    Task<string?> TryInsertAsync(RateLimitCounterKey key, int count, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Sets the counter if it is still at <paramref name="version"/> (If-Match).</summary>
    /// <returns>The counter's new version (ETag), or null when it changed or is gone.</returns>
    Task<string?> TryReplaceAsync(RateLimitCounterKey key, int count, string version, DateTimeOffset expiresAt, CancellationToken cancellationToken);}
