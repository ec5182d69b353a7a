using System.Net;
using Festa.Core.Auth.Sessions;
using Festa.Core.Common;
using Festa.Core.Events;
using Festa.Core.Members;
using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos.Sessions;

/// <summary>
/// Sessions on Cosmos DB: one document per session (the hot path is a 1 RU point read) and one index
/// document under the member (to list and revoke). Both carry a TTL, so Cosmos removes expired sessions
/// itself and <see cref="DeleteExpiredAsync"/> has nothing to do. The index entry is written first and
/// deleted last, so a live session is always findable through its member.
/// </summary>
internal sealed class CosmosSessionStore(FestaContainers containers) : ISessionStore
{
    private const int ParallelRequests = 8;

    private Container Container => containers.Sessions;

    public async Task AddAsync(Session session, CancellationToken cancellationToken)
    {
        var index = MemberSessionDocument.From(session);
        await Container.UpsertItemAsync(index, new PartitionKey(index.Pk), cancellationToken: cancellationToken);
        await Container.CreateItemAsync(SessionDocument.From(session), new PartitionKey(session.Id.Value), cancellationToken: cancellationToken);
    }

    public async Task<Versioned<Session>?> FindAsync(SessionId id, CancellationToken cancellationToken) =>
        await containers.ReadAsync(Container, id.Value, id.Value, cancellationToken) is { } doc
            ? new Versioned<Session>(doc.To<SessionDocument>().ToSession(), doc.ETag())
            : null;

    public async Task<TouchOutcome> TouchAsync(Session refreshed, string version, CancellationToken cancellationToken)
    {
        try
        {
            // A patch of three fields, conditional on the version read: never an upsert, so a session
            // deleted meanwhile stays deleted, and of racing instances only the first one writes.
            await Container.PatchItemAsync<SessionDocument>(refreshed.Id.Value, new PartitionKey(refreshed.Id.Value),
            [
                PatchOperation.Set("/lastSeenAt", refreshed.LastSeenAt),
                PatchOperation.Set("/idleExpiresAt", refreshed.IdleExpiresAt),
                PatchOperation.Set("/ttl", SessionTtl.UntilExpiry(refreshed)),
            ], new PatchItemRequestOptions { IfMatchEtag = version }, cancellationToken);
            return TouchOutcome.Refreshed;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return TouchOutcome.AlreadyRefreshed;
        }
        catch (CosmosException e) when (e.IsMissing())
        {
            return TouchOutcome.Gone;
        }
    }

    public async Task DeleteAsync(SessionId id, UserId memberId, CancellationToken cancellationToken)
    {
        await FestaContainers.DeleteAsync(Container, id.Value, id.Value, cancellationToken);
        await FestaContainers.DeleteAsync(Container, id.Value, MemberSessionDocument.PartitionOf(memberId), cancellationToken);
    }

    /// <summary>One query in the member's index partition (ids after <paramref name="after"/>), then a point read per entry.</summary>
    public async Task<StorePage<Session>> ListByMemberAsync(UserId memberId, string? after, int limit, CancellationToken cancellationToken)
    {
        var partition = MemberSessionDocument.PartitionOf(memberId);
        // No ORDER BY: the partition holds at most the per-member cap (SessionCap) plus expired entries awaiting their
        // TTL, so the ids after the cursor are sorted here (ordinal, as the Table index orders its row keys).
        var query = new QueryDefinition("SELECT c.id FROM c WHERE c.pk = @pk AND c.id > @after")
            .WithParameter("@pk", partition)
            .WithParameter("@after", after ?? string.Empty);
        var ids = (await FestaContainers.QueryAsync(Container, query, partition, cancellationToken)).Select(d => d.Id())
            .Order(StringComparer.Ordinal).Take(limit + 1).ToList();
        var page = ids.Take(limit).ToList();
        var sessions = new Session?[page.Count];
        await Parallel.ForAsync(0, page.Count, new ParallelOptions { MaxDegreeOfParallelism = ParallelRequests, CancellationToken = cancellationToken },
            async (i, ct) => sessions[i] = (await FindAsync(new SessionId(page[i]), ct))?.Value);
        return new StorePage<Session>(sessions.OfType<Session>().ToList(), ids.Count > limit ? page[^1] : null);
    }

    /// <summary>The member's index partition alone: one single-partition query, bounded by the per-member cap.</summary>
    public async Task<IReadOnlyList<SessionIndexEntry>> ListIndexAsync(UserId memberId, CancellationToken cancellationToken)
    {
        var partition = MemberSessionDocument.PartitionOf(memberId);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.pk = @pk").WithParameter("@pk", partition);
        return (await FestaContainers.QueryAsync(Container, query, partition, cancellationToken))
            .Select(d => d.To<MemberSessionDocument>().ToIndexEntry()).ToList();
    }

    public async Task<int> DeleteAllOfMemberAsync(UserId memberId, SessionId? keep, CancellationToken cancellationToken)
    {
        var doomed = (await ListIdsAsync(memberId, cancellationToken)).Where(id => id != keep?.Value).ToList();
        var indexPartition = MemberSessionDocument.PartitionOf(memberId);
        await Parallel.ForEachAsync(doomed, new ParallelOptions { MaxDegreeOfParallelism = ParallelRequests, CancellationToken = cancellationToken },
            async (id, ct) =>
            {
                await FestaContainers.DeleteAsync(Container, id, id, ct);
                await FestaContainers.DeleteAsync(Container, id, indexPartition, ct);
            });
        return doomed.Count;
    }

    /// <summary>Nothing to do: every session document carries a TTL that ends with the session.</summary>
    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(0);

    private async Task<List<string>> ListIdsAsync(UserId memberId, CancellationToken cancellationToken)
    {
        var partition = MemberSessionDocument.PartitionOf(memberId);
        var query = new QueryDefinition("SELECT c.id FROM c WHERE c.pk = @pk").WithParameter("@pk", partition);
        return (await FestaContainers.QueryAsync(Container, query, partition, cancellationToken)).Select(d => d.Id()).ToList();
    }
}
