using Azure;
using Azure.Data.Tables;
using Festa.Core.Common;
using Festa.Core.RateLimiting;

namespace Festa.AzureStorage.Tables.RateLimits;

/// <summary>
/// Rate-limit counters as entities (PK = policy and subject hash, RK = window start) with <c>Count</c> and
/// <c>ExpiresAt</c>. Each counter is a partition of its own, so counters never share the ~2,000 entities/s
/// partition target; the conditional writes are single-entity insert and If-Match update. A row per counter in the
/// <see cref="ExpiryIndex"/> (hour the counter expires) lets the sweep find expired counters with one key-range query.
/// </summary>
internal sealed class TableRateLimitStore(FestaTables tables) : IRateLimitStore
{

    private TableClient Table => tables.RateLimits;

    public async Task<Versioned<int>?> ReadAsync(RateLimitCounterKey key, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(key.Partition, key.Row, ["Count"], cancellationToken);
        return row.HasValue ? new Versioned<int>(row.Value!.GetInt32("Count") ?? 0, row.Value.ETag.ToString()) : null;
    }

    public async Task<string?> TryInsertAsync(RateLimitCounterKey key, int count, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        // The index row first: a counter is never stored without the row that lets the sweep find it.
        await Table.UpsertEntityAsync(new TableEntity(ExpiryIndex.Bucket(expiresAt), IndexKey(key)), TableUpdateMode.Replace, cancellationToken);

        // OwnWrites: an SDK retry of our own applied insert must not count the attempt twice.
        return await Table.TryAddVersionedAsync(Row(key, count, expiresAt), cancellationToken);
    }

    public async Task<string?> TryReplaceAsync(RateLimitCounterKey key, int count, string version, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        // OwnWrites: a retried replace after a lost answer must not make the caller count (or give back) twice.
        return await Table.TryReplaceVersionedAsync(Row(key, count, expiresAt), version, cancellationToken);
    }

    /// <summary>
    /// One key-range query over the expiry index's past hours, then batch deletes of the counters and their index rows:
    /// the cost follows the expired counters, never the table. A counter's row key is its window, so an expired
    /// counter is never written again and is deleted unconditionally.
    /// </summary>
    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var index = await ExpiryIndex.ReadPastAsync(Table, now, cancellationToken);

        var counters = index.Select(r => r.RowKey.Split('|', 2)).Select(k => new TableEntity(k[0], k[1]) { ETag = ETag.All });
        var deleted = await TableBatches.DeleteAsync(Table, counters, cancellationToken);
        await TableBatches.DeleteAsync(Table, index, cancellationToken);
        return deleted.Count;
    }

    /// <summary>"|" appears in neither part (policy name, hex hash, ticks) and is allowed in a row key.</summary>
    private static string IndexKey(RateLimitCounterKey key) => key.Partition + "|" + key.Row;

    private static TableEntity Row(RateLimitCounterKey key, int count, DateTimeOffset expiresAt) => new(key.Partition, key.Row)
    {
        ["Count"] = count,
        ["ExpiresAt"] = expiresAt,
    };
}
