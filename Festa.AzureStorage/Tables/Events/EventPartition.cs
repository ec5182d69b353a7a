using Azure;
using Azure.Data.Tables;
using Festa.Core.Events;
using Festa.Core.Members;

namespace Festa.AzureStorage.Tables.Events;

/// <summary>
/// One read of an event's partition: the event row, its seat pools and (optionally) one member's sign-up
/// row — everything a sign-up, cancel or event page needs, in a single query.
/// </summary>
internal sealed record EventPartition(TableEntity EventRow, FestaEvent Event, IReadOnlyList<(SeatPool Pool, ETag ETag)> Pools, TableEntity? SignUpRow)
{
    public int SeatsTaken => Pools.Sum(p => p.Pool.Taken);

    /// <summary>Null when the event does not exist.</summary>
    public static async Task<EventPartition?> ReadAsync(TableClient table, EventId id, UserId? member, CancellationToken cancellationToken)
    {
        // "event" < "pool." < "pool/": one key range covers the event row and every pool.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id.Value} and RowKey ge {EventRows.EventKey} and RowKey lt {SeatPool.PrefixEnd}");
        if (member is { } m)
        {
            filter = $"({filter}) or ({TableClient.CreateQueryFilter($"PartitionKey eq {id.Value} and RowKey eq {EventRows.SignUpKey(m)}")})";
        }

        TableEntity? eventRow = null;
        TableEntity? signUpRow = null;
        var pools = new List<(SeatPool, ETag)>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey == EventRows.EventKey)
            {
                eventRow = row;
            }
            else if (SeatPool.TryParse(row.RowKey, out var pool))
            {
                pools.Add((pool, row.ETag));
            }
            else if (row.RowKey.StartsWith(EventRows.SignUpPrefix, StringComparison.Ordinal))
            {
                signUpRow = row;
            }
        }

        // Event row and pools are written and deleted together; an event row without pools is not an event.
        return eventRow is null || pools.Count == 0 ? null : new EventPartition(eventRow, EventRows.ToEvent(eventRow), pools, signUpRow);
    }

    public EventSnapshot ToSnapshot() =>
        new(Event, SeatsTaken, SignUpRow?.GetDateTimeOffset("SignedUpAt"), EventRow.ETag.ToString());
}
