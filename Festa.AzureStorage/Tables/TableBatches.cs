using Azure;
using Azure.Data.Tables;

namespace Festa.AzureStorage.Tables;

/// <summary>Bulk deletes in entity-group transactions: one partition, at most 100 operations each.</summary>
internal static class TableBatches
{
    public const int MaxOperations = 100;

    /// <summary>
    /// Deletes the given rows, a batch per partition chunk. A batch fails as a whole when one row changed
    /// or vanished since it was read; then its rows are deleted one by one, skipping those.
    /// </summary>
    /// <returns>The rows that were deleted.</returns>
    public static async Task<IReadOnlyList<T>> DeleteAsync<T>(TableClient table, IEnumerable<T> rows, CancellationToken cancellationToken)
        where T : ITableEntity
    {
        var deleted = new List<T>();
        foreach (var partition in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(MaxOperations))
            {
                deleted.AddRange(await DeleteChunkAsync(table, chunk, cancellationToken));
            }
        }

        return deleted;
    }

    private static async Task<IEnumerable<T>> DeleteChunkAsync<T>(TableClient table, T[] chunk, CancellationToken cancellationToken)
        where T : ITableEntity
    {
        try
        {
            await table.SubmitTransactionAsync(
                chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, r.ETag)), cancellationToken);
            return chunk;
        }
        catch (TableTransactionFailedException)
        {
            var deleted = new List<T>();
            foreach (var row in chunk)
            {
                try
                {
                    var response = await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
                    if (response.Status != 404)
                    {
                        deleted.Add(row);
                    }
                }
                catch (RequestFailedException e) when (e.IsNotFound() || e.IsPreconditionFailed())
                {
                    // Changed or gone since it was read: not ours to delete any more.
                }
            }

            return deleted;
        }
    }
}
