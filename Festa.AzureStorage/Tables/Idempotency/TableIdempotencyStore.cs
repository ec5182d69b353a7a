using Azure;
using Azure.Data.Tables;
using Festa.Core.Idempotency;

namespace Festa.AzureStorage.Tables.Idempotency;

/// <summary>
/// Idempotency records as entities (PK = record id, a hash of caller and key; RK "record") with <c>Fingerprint</c>,
/// <c>LeaseUntil</c>, <c>ExpiresAt</c> and, once completed, <c>Status</c>, <c>Headers</c> and <c>Body</c> (binary,
/// at most 64 KiB per property — <see cref="IdempotencyKeys.MaxStoredBodyBytes"/> stays below). Every record is a
/// partition of its own, so keys never share the ~2,000 entities/s partition target. Writes are single-entity
/// insert, If-Match update and If-Match delete. A row per record in the <see cref="ExpiryIndex"/> lets the sweep find
/// expired records with one key-range query.
/// </summary>
internal sealed class TableIdempotencyStore(FestaTables tables) : IIdempotencyStore
{
    private const string RecordRow = "record";

    private TableClient Table => tables.Idempotency;

    public async Task<IdempotencyRecord?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(id, RecordRow, cancellationToken: cancellationToken);
        return row.HasValue ? ToRecord(row.Value!) : null;
    }

    private static IdempotencyRecord ToRecord(TableEntity entity)
    {
        var response = entity.GetInt32("Status") is { } status
            ? new StoredResponse(status, StoredResponse.DecodeHeaders(entity.GetString("Headers")), entity.GetBinary("Body") ?? [])
            : null;
        return new IdempotencyRecord(entity.GetString("Fingerprint") ?? string.Empty, entity.GetDateTimeOffset("LeaseUntil") ?? DateTimeOffset.MinValue,
            entity.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue, response, entity.ETag.ToString());
    }

    public async Task<IdempotencyInsert> TryInsertAsync(string id, IdempotencyRecord record, CancellationToken cancellationToken)
    {
        // The index row first: a record is never stored without the row that lets the sweep find it.
        await IndexAsync(id, record, cancellationToken);

        // OwnWrites: an SDK retry of our own applied insert is this request's record, not "in use" by another; the
        // read that tells them apart returns the other writer's record, so a replay reads nothing more.
        var (version, existing) = await Table.TryAddOrReadAsync(Row(id, record), cancellationToken);
        return new IdempotencyInsert(version, existing is null ? null : ToRecord(existing));
    }

    public async Task<string?> TryReplaceAsync(string id, IdempotencyRecord record, string version, CancellationToken cancellationToken)
    {
        if (record.Response is null)
        {
            // A pending record written over an expired one (the key reused) expires later than its first index
            // row says: index it again. Completing a record keeps its expiry, so costs no index write.
            await IndexAsync(id, record, cancellationToken);
        }

        // OwnWrites: a retried If-Match replace after a lost answer is ours (a completion is not lost to ourselves).
        return await Table.TryReplaceVersionedAsync(Row(id, record), version, cancellationToken);
    }

    public async Task<bool> TryDeleteAsync(string id, string version, CancellationToken cancellationToken)
    {
        try
        {
            // The SDK answers a missing entity without throwing (status 404).
            return (await Table.DeleteEntityAsync(id, RecordRow, new ETag(version), cancellationToken)).Status != 404;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            return false;
        }
    }

    /// <summary>
    /// One key-range query over the expiry index's past hours; then, per record named, a point read of its expiry
    /// and an If-Match delete when it has really expired (a key reused after its retention is kept), and batch
    /// deletes of the index rows. The cost follows the expired records, never the table.
    /// </summary>
    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var index = await ExpiryIndex.ReadPastAsync(Table, now, cancellationToken);

        var deleted = 0;
        await Parallel.ForEachAsync(index.Select(r => r.RowKey).Distinct(StringComparer.Ordinal), new ParallelOptions
        {
            MaxDegreeOfParallelism = 8,
            CancellationToken = cancellationToken,
        }, async (id, ct) =>
        {
            var row = await Table.GetEntityIfExistsAsync<TableEntity>(id, RecordRow, ["ExpiresAt"], ct);
            if (row.HasValue && row.Value!.GetDateTimeOffset("ExpiresAt") <= now && await TryDeleteAsync(id, row.Value.ETag.ToString(), ct))
            {
                Interlocked.Increment(ref deleted);
            }
        });

        await TableBatches.DeleteAsync(Table, index, cancellationToken);
        return deleted;
    }

    private Task IndexAsync(string id, IdempotencyRecord record, CancellationToken cancellationToken) =>
        Table.UpsertEntityAsync(new TableEntity(ExpiryIndex.Bucket(record.ExpiresAt), id), TableUpdateMode.Replace, cancellationToken);

    private static TableEntity Row(string id, IdempotencyRecord record)
    {
        var entity = new TableEntity(id, RecordRow)
        {
            ["Fingerprint"] = record.Fingerprint,
            ["LeaseUntil"] = record.LeaseUntil,
            ["ExpiresAt"] = record.ExpiresAt,
        };
        if (record.Response is { } response)
        {
            entity["Status"] = response.Status;
            entity["Headers"] = response.EncodeHeaders();
            entity["Body"] = response.Body;
        }

        return entity;
    }
}
