using Azure;
using Azure.Data.Tables;
using Festa.Core.Events;
using Festa.Core.Members;

namespace Festa.AzureStorage.Tables.Events;

/// <summary>
/// An event's partition as one sign-up, cancel or event page needs it: the event row, its waiting list's state row
/// ("event.wl.{version}") and its seat pools (one contiguous key range, "event" &lt; "event.wl." &lt; "pool." &lt; "pool/":
/// at most 2 + <see cref="SeatPool.MaxPools"/> entities)
/// and, optionally, one member's sign-up row (a point read sent in parallel). Never an <c>or</c> of key
/// conditions, which Azure serves as a partition scan ("Design for querying", Azure Table Storage docs).
/// </summary>
internal sealed record EventPartition(TableEntity EventRow, FestaEvent Event, IReadOnlyList<(SeatPool Pool, ETag ETag)> Pools, TableEntity? SignUpRow,
    TableEntity? WaitlistRow = null)
{
    public int SeatsTaken => Pools.Sum(p => p.Pool.Taken);

    public int WaitlistLength => WaitlistRow?.GetInt32("Length") ?? 0;

    /// <summary>Null when the event does not exist.</summary>
    public static async Task<EventPartition?> ReadAsync(TableClient table, EventId id, UserId? member, CancellationToken cancellationToken)
    {
        var signUpRead = member is { } m
            ? table.GetEntityIfExistsAsync<TableEntity>(id.Value, EventRows.SignUpKey(m), cancellationToken: cancellationToken)
            : null;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id.Value} and RowKey ge {EventRows.EventKey} and RowKey lt {SeatPool.PrefixEnd}");
        TableEntity? eventRow = null;
        TableEntity? waitlistRow = null;
        var pools = new List<(SeatPool, ETag)>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey == EventRows.EventKey)
            {
                eventRow = row;
            }
            else if (row.RowKey.StartsWith(EventRows.WaitlistStatePrefix, StringComparison.Ordinal))
            {
                // One state row at a time (each write swaps it for its successor in one batch); the newest wins if ever two.
                if (waitlistRow is null || string.CompareOrdinal(row.RowKey, waitlistRow.RowKey) > 0)
                {
                    waitlistRow = row;
                }
            }
            else if (SeatPool.TryParse(row.RowKey, out var pool))
            {
                pools.Add((pool, row.ETag));
            }
        }

        var signUp = signUpRead is null ? null : await signUpRead;
        var signUpRow = signUp is { HasValue: true } && !EventRows.IsGuard(signUp.Value!) ? signUp.Value : null;

        // Event row and pools are written and deleted together; an event row without pools is not an event.
        return eventRow is null || pools.Count == 0 ? null : new EventPartition(eventRow, EventRows.ToEvent(eventRow), pools, signUpRow, waitlistRow);
    }

    public EventSnapshot ToSnapshot() =>
        new(Event, SeatsTaken, SignUpRow?.GetDateTimeOffset("SignedUpAt"), EventRow.ETag.ToString(), WaitlistLength);
}
