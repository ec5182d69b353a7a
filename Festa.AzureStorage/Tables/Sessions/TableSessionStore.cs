using Azure;
using Azure.Data.Tables;
using Festa.Core.Auth.Sessions;
using Festa.Core.Common;
using Festa.Core.Events;
using Festa.Core.Members;

namespace Festa.AzureStorage.Tables.Sessions;

/// <summary>
/// Sessions on Table Storage: one row keyed by the session id (the hot path is a single point read)
/// and one index row under the member (to list and revoke). The index row is written first and
/// deleted last, so a live session is always findable through its member.
/// </summary>
internal sealed class TableSessionStore(FestaTables tables) : ISessionStore
{
    private const int ParallelReads = 8;

    public async Task AddAsync(Session session, CancellationToken cancellationToken)
    {
        // Both index rows before the session (in parallel): a live session is always findable by its member and by its expiry.
        await Task.WhenAll(
            tables.MemberSessions.UpsertEntityAsync(SessionRows.ToIndexRow(session), TableUpdateMode.Replace, cancellationToken),
            tables.MemberSessions.UpsertEntityAsync(SessionRows.ToExpiryRow(session), TableUpdateMode.Replace, cancellationToken));
        // Session ids are 256 random bits: a conflict can only be the SDK retrying our own applied insert (OwnWrites).
        if (!await tables.Sessions.TryAddAsync(SessionRows.ToRow(session), cancellationToken))
        {
            throw new InvalidOperationException("A session id was issued twice.");
        }
    }

    public async Task<Versioned<Session>?> FindAsync(SessionId id, CancellationToken cancellationToken)
    {
        var row = await tables.Sessions.GetEntityIfExistsAsync<TableEntity>(SessionRows.PartitionOf(id), id.Value,
            cancellationToken: cancellationToken);
        return row.HasValue ? SessionRows.ToSession(row.Value!) : null;
    }

    public async Task<TouchOutcome> TouchAsync(Session refreshed, string version, CancellationToken cancellationToken)
    {
        var row = SessionRows.ToRefreshRow(refreshed, version);
        try
        {
            // Update, never upsert: a session deleted meanwhile must stay deleted.
            await tables.Sessions.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Merge, cancellationToken);
            return TouchOutcome.Refreshed;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed())
        {
            return TouchOutcome.AlreadyRefreshed;
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            return TouchOutcome.Gone;
        }
    }

    public async Task DeleteAsync(SessionId id, UserId memberId, CancellationToken cancellationToken)
    {
        await tables.Sessions.DeleteEntityAsync(SessionRows.PartitionOf(id), id.Value, ETag.All, cancellationToken);
        await tables.MemberSessions.DeleteEntityAsync(memberId.Value, id.Value, ETag.All, cancellationToken);
    }

    /// <summary>One key range of the member's index partition (ids after <paramref name="after"/>), then a point read per entry.</summary>
    public async Task<StorePage<Session>> ListByMemberAsync(UserId memberId, string? after, int limit, CancellationToken cancellationToken)
    {
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {memberId.Value}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {memberId.Value} and RowKey gt {after}");
        var ids = new List<SessionId>(limit + 1);
        await foreach (var row in tables.MemberSessions.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit + 1, 1000), select: ["RowKey"],
            cancellationToken: cancellationToken))
        {
            ids.Add(new SessionId(row.RowKey));
            if (ids.Count > limit)
            {
                break;
            }
        }

        var page = ids.Take(limit).ToList();
        var sessions = new Session?[page.Count];
        await Parallel.ForAsync(0, page.Count, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (i, ct) => sessions[i] = (await FindAsync(page[i], ct))?.Value);
        return new StorePage<Session>(sessions.OfType<Session>().ToList(), ids.Count > limit ? page[^1].Value : null);
    }

    /// <summary>The member's index partition alone (three small properties per row): bounded by the per-member cap.</summary>
    public async Task<IReadOnlyList<SessionIndexEntry>> ListIndexAsync(UserId memberId, CancellationToken cancellationToken)
    {
        var entries = new List<SessionIndexEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {memberId.Value}");
        await foreach (var row in tables.MemberSessions.QueryAsync<TableEntity>(filter, select: ["RowKey", "CreatedAt", "AbsoluteExpiresAt"],
            cancellationToken: cancellationToken))
        {
            entries.Add(SessionRows.ToIndexEntry(row));
        }

        return entries;
    }

    public async Task<int> DeleteAllOfMemberAsync(UserId memberId, SessionId? keep, CancellationToken cancellationToken)
    {
        var doomed = (await ListIdsAsync(memberId, cancellationToken)).Where(id => id != keep).ToList();
        await Parallel.ForEachAsync(doomed, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (id, ct) => await tables.Sessions.DeleteEntityAsync(SessionRows.PartitionOf(id), id.Value, ETag.All, ct));
        await TableBatches.DeleteAsync(tables.MemberSessions, doomed.Select(id => SessionRows.IndexKey(memberId, id)), cancellationToken);
        return doomed.Count;
    }

    /// <summary>
    /// Removes every session whose absolute expiry hour has passed, found through the expiry index: one key-range
    /// query over the "~exp." partitions of past hours, so the cost follows the expired sessions, never the whole table.
    /// A session that expired idle is refused on every read at once (<see cref="Core.Auth.Sessions.SessionLifetime"/>);
    /// its rows go with its absolute expiry (at most 12 hours later).
    /// </summary>
    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expired = await ExpiryIndex.ReadPastAsync(tables.MemberSessions, now, cancellationToken, "MemberId");

        // Sessions first, then the member index, the expiry rows last: a sweep cut short is finished by the next one.
        var sessions = expired.Select(r => new TableEntity(SessionRows.PartitionOf(new SessionId(r.RowKey)), r.RowKey) { ETag = ETag.All });
        var removed = await TableBatches.DeleteAsync(tables.Sessions, sessions, cancellationToken);
        await TableBatches.DeleteAsync(tables.MemberSessions,
            expired.Select(r => SessionRows.IndexKey(UserId.FromTrusted(r.GetString("MemberId")), new SessionId(r.RowKey))), cancellationToken);
        await TableBatches.DeleteAsync(tables.MemberSessions, expired, cancellationToken);
        return removed.Count;
    }

    private async Task<List<SessionId>> ListIdsAsync(UserId memberId, CancellationToken cancellationToken)
    {
        var ids = new List<SessionId>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {memberId.Value}");
        await foreach (var row in tables.MemberSessions.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            ids.Add(new SessionId(row.RowKey));
        }

        return ids;
    }
}
