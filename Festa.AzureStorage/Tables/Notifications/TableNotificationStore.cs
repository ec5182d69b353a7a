using Azure;
using Azure.Data.Tables;
using Festa.Core.Events;
using Festa.Core.Members;
using Festa.Core.Notifications;

namespace Festa.AzureStorage.Tables.Notifications;

/// <summary>
/// Inboxes on Table Storage (see <see cref="NotificationRows"/>). A notification's two rows are inserted
/// together in one entity-group transaction; if either exists the whole insert fails with a conflict, which
/// is how a repeated add (a retried queue message) becomes a no-op.
/// </summary>
internal sealed class TableNotificationStore(FestaTables tables) : INotificationStore
{
    private TableClient Table => tables.Notifications;

    public async Task<bool> TryAddAsync(Notification notification, CancellationToken cancellationToken)
    {
        try
        {
            await Table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, NotificationRows.ToIdRow(notification)),
                new TableTransactionAction(TableTransactionActionType.Add, NotificationRows.ToListRow(notification)),
            ], cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            return false;
        }
    }

    public async Task<StorePage<Notification>> ListAsync(UserId memberId, string? after, int limit, CancellationToken cancellationToken)
    {
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {memberId.Value} and RowKey lt {NotificationRows.ListEnd}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {memberId.Value} and RowKey gt {after} and RowKey lt {NotificationRows.ListEnd}");
        var rows = new List<TableEntity>(limit + 1);
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit + 1, 1000), cancellationToken: cancellationToken))
        {
            rows.Add(row);
            if (rows.Count > limit)
            {
                break;
            }
        }

        var page = rows.Take(limit).Select(NotificationRows.ToNotification).ToList();
        return new StorePage<Notification>(page, rows.Count > limit ? rows[limit - 1].RowKey : null);
    }

    public async Task<int> CountUnreadAsync(UserId memberId, CancellationToken cancellationToken) =>
        (await ListUnreadKeysAsync(memberId, cancellationToken)).Count;

    public async Task<bool> MarkReadAsync(UserId memberId, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var index = await Table.GetEntityIfExistsAsync<TableEntity>(memberId.Value, NotificationRows.IdKey(id),
            select: ["Key"], cancellationToken: cancellationToken);
        if (!index.HasValue || index.Value!.GetString("Key") is not { } key)
        {
            return false;
        }

        var row = await Table.GetEntityIfExistsAsync<TableEntity>(memberId.Value, key, select: ["Read"], cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return false;
        }

        if (row.Value!.GetBoolean("Read") != true)
        {
            await Table.UpdateEntityAsync(ReadRow(memberId, key, now), ETag.All, TableUpdateMode.Merge, cancellationToken);
        }

        return true;
    }

    public async Task MarkAllReadAsync(UserId memberId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keys = await ListUnreadKeysAsync(memberId, cancellationToken);
        foreach (var chunk in keys.Chunk(TableBatches.MaxOperations))
        {
            await Table.SubmitTransactionAsync(
                chunk.Select(key => new TableTransactionAction(TableTransactionActionType.UpdateMerge, ReadRow(memberId, key, now), ETag.All)),
                cancellationToken);
        }
    }

    private static TableEntity ReadRow(UserId memberId, string key, DateTimeOffset now) => new(memberId.Value, key)
    {
        ["Read"] = true,
        ["ReadAt"] = now,
    };

    private async Task<List<string>> ListUnreadKeysAsync(UserId memberId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {memberId.Value} and RowKey lt {NotificationRows.ListEnd} and Read eq {false}");
        var keys = new List<string>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }
}
