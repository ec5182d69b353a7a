using Azure;
using Azure.Data.Tables;

namespace Festa.AzureStorage.Tables;

/// <summary>
/// Inserts that recognise their own earlier attempt. The Azure SDK retries a request whose answer was lost (a timeout,
/// a reset connection); when the first attempt was applied, the retried insert fails 409 "already exists" for the
/// caller's own row, and a caller that takes 409 for "taken" would tell a member their new account, session or event
/// is somebody else's (seen in the torture test). Each insert stamps its row with a random <see cref="Property"/>;
/// on 409 one point read decides: our stamp → the insert was applied (success), another stamp → really taken.
/// Source: Azure SDK retry policy (<c>RetryOptions</c>, retries on 408/5xx and IO failures, writes included).
/// </summary>
internal static class OwnWrites
{
    /// <summary>The stamp's column (a GUID in "N" format, 32 characters; readers ignore it).</summary>
    public const string Property = "WriteId";

    /// <summary>Inserts <paramref name="row"/>, or finds that this very call inserted it already.</summary>
    /// <returns>False when another writer's row has the key (nothing written).</returns>
    public static async Task<bool> TryAddAsync(this TableClient table, TableEntity row, CancellationToken cancellationToken) =>
        await table.TryAddVersionedAsync(row, cancellationToken) is not null;

    /// <summary>As <see cref="TryAddAsync"/>, with the new row's ETag.</summary>
    /// <returns>The row's ETag, or null when another writer's row has the key (nothing written).</returns>
    public static async Task<string?> TryAddVersionedAsync(this TableClient table, TableEntity row, CancellationToken cancellationToken) =>
        (await table.TryAddOrReadAsync(row, cancellationToken)).Version;

    /// <summary>As <see cref="TryAddVersionedAsync"/>, with the other writer's row when the key is taken (the read that
    /// tells it from this call's own is a whole-row read, so a caller that needs the row reads nothing more).</summary>
    /// <returns>The new row's ETag and null; or null and the row found in its place (null as well when it vanished meanwhile).</returns>
    public static async Task<(string? Version, TableEntity? Existing)> TryAddOrReadAsync(this TableClient table, TableEntity row,
        CancellationToken cancellationToken)
    {
        var stamp = Stamp(row);
        try
        {
            var added = await table.AddEntityAsync(row, cancellationToken);
            return (added.Headers.ETag?.ToString() ?? string.Empty, null);
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken);
            if (!existing.HasValue)
            {
                return (null, null);
            }

            return existing.Value!.GetString(Property) == stamp ? (existing.Value.ETag.ToString(), null) : (null, existing.Value);
        }
    }

    /// <summary>
    /// Replaces <paramref name="row"/> if its ETag is still <paramref name="version"/>, or finds that this very call
    /// replaced it already: a retried If-Match replace after a lost answer fails 412 on the ETag its own first attempt
    /// changed, and a caller that re-reads and applies its change again (a counter going down twice) would be wrong.
    /// </summary>
    /// <returns>The new ETag, or null when another writer changed or deleted the row first (nothing written).</returns>
    public static async Task<string?> TryReplaceVersionedAsync(this TableClient table, TableEntity row, string version, CancellationToken cancellationToken)
    {
        var stamp = Stamp(row);
        try
        {
            var updated = await table.UpdateEntityAsync(row, new ETag(version), TableUpdateMode.Replace, cancellationToken);
            return updated.Headers.ETag?.ToString() ?? string.Empty;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed())
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey, [Property], cancellationToken);
            return existing.HasValue && existing.Value!.GetString(Property) == stamp ? existing.Value.ETag.ToString() : null;
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            return null;
        }
    }

    /// <summary>
    /// Submits a transaction whose first action adds <c>actions[0]</c>'s row; a 409 on that row after the whole
    /// transaction was applied by an earlier attempt (our stamp on the row) counts as success. A batch is atomic, so
    /// the stamped row proves every other action was applied too.
    /// </summary>
    /// <returns>False when another writer's row has the first key.</returns>
    public static async Task<bool> TrySubmitAddingAsync(this TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var first = actions[0].Entity as TableEntity
                    ?? throw new ArgumentException("The first action must add a TableEntity.", nameof(actions));
        var stamp = Stamp(first);
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex is null or 0)
        {
            return await IsOursAsync(table, first, stamp, cancellationToken);
        }
    }

    private static string Stamp(TableEntity row)
    {
        var stamp = Guid.NewGuid().ToString("N");
        row[Property] = stamp;
        return stamp;
    }

    private static async Task<bool> IsOursAsync(TableClient table, TableEntity row, string stamp, CancellationToken cancellationToken)
    {
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey, [Property], cancellationToken);
        return existing.HasValue && existing.Value!.GetString(Property) == stamp;
    }
}
