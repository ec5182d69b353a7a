using Azure;
using Azure.Data.Tables;
using Festa.Core.Common;
using Festa.Core.RateLimiting;

namespace Festa.AzureStorage.Tables.RateLimits;

/// <summary>
/// Rate-limit counters as entities (PK = policy and subject hash, RK = window start) with <c>Count</c> and
/// <c>ExpiresAt</c>. Each counter is a partition of its own, so counters never share the ~2,000 entities/s
/// partition target; the conditional writes are single-entity insert and If-Match update.
/// </summary>
internal sealed class TableRateLimitStore(FestaTables tables) : IRateLimitStore
{
    private const int ParallelDeletes = 8;

    private TableClient Table => tables.RateLimits;

    public async Task<Versioned<int>?> ReadAsync(RateLimitCounterKey key, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(key.Partition, key.Row, ["Count"], cancellationToken);
        return row.HasValue ? new Versioned<int>(row.Value!.GetInt32("Count") ?? 0, row.Value.ETag.ToString()) : null;
    }

    public async Task<bool> TryInsertAsync(RateLimitCounterKey key, int count, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(Row(key, count, expiresAt), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            return false;
        }
    }

    public async Task<bool> TryReplaceAsync(RateLimitCounterKey key, int count, string version, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(Row(key, count, expiresAt), new ETag(version), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            return false;
        }
    }

    /// <summary>
    /// A filter on a non-key property scans the table: acceptable for an hourly sweep of small rows, never on a
    /// request path. Deletes are conditional on the ETag read, so a counter reused meanwhile is left alone.
    /// </summary>
    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expired = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"ExpiresAt lt {now}"),
                           select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            expired.Add(row);
        }

        var deleted = 0;
        await Parallel.ForEachAsync(expired, new ParallelOptions { MaxDegreeOfParallelism = ParallelDeletes, CancellationToken = cancellationToken },
            async (row, ct) =>
            {
                try
                {
                    await Table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, ct);
                    Interlocked.Increment(ref deleted);
                }
                catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
                {
                    // Changed or already gone: another sweep or a late write; nothing to do.
                }
            });
        return deleted;
    }

    private static TableEntity Row(RateLimitCounterKey key, int count, DateTimeOffset expiresAt) => new(key.Partition, key.Row)
    {
        ["Count"] = count,
        ["ExpiresAt"] = expiresAt,
    };
}
