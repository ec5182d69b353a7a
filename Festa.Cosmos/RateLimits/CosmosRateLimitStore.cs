using System.Net;
using Festa.Core.Common;
using Festa.Core.RateLimiting;
using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos.RateLimits;

/// <summary>One rate-limit counter: pk = "{policy}.{subject hash}", id = window start; Cosmos deletes it by <c>ttl</c>.</summary>
internal sealed record RateLimitCounterDocument(string Id, string Pk, int Count, int Ttl);

/// <summary>
/// Rate-limit counters on Cosmos DB: a 1 RU point read, then a create (insert-if-absent) or an If-Match replace.
/// Every counter is a logical partition of its own, far below the 10,000 RU/s a logical partition can take.
/// Counters carry a TTL past the end of their window (the container has TTL on, per item), so nothing sweeps them.
/// </summary>
internal sealed class CosmosRateLimitStore(FestaContainers containers, TimeProvider time) : IRateLimitStore
{
    /// <summary>Kept a minute past the window's end, so a clock skew between instances never reads a vanished counter as 0.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    private Container Container => containers.RateLimits;

    public async Task<Versioned<int>?> ReadAsync(RateLimitCounterKey key, CancellationToken cancellationToken) =>
        await containers.ReadAsync(Container, key.Row, key.Partition, cancellationToken) is { } doc
            ? new Versioned<int>(doc.To<RateLimitCounterDocument>().Count, doc.ETag())
            : null;

    public async Task<string?> TryInsertAsync(RateLimitCounterKey key, int count, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        try
        {
            var created = await Container.CreateItemAsync(Document(key, count, expiresAt), new PartitionKey(key.Partition),
                new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);
            return created.ETag ?? string.Empty;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    public async Task<string?> TryReplaceAsync(RateLimitCounterKey key, int count, string version, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        try
        {
            var replaced = await Container.ReplaceItemAsync(Document(key, count, expiresAt), key.Row, new PartitionKey(key.Partition),
                new ItemRequestOptions { IfMatchEtag = version, EnableContentResponseOnWrite = false }, cancellationToken);
            return replaced.ETag ?? string.Empty;
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Nothing to do: every counter carries a TTL.</summary>
    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(0);

    private RateLimitCounterDocument Document(RateLimitCounterKey key, int count, DateTimeOffset expiresAt)
    {
        var seconds = (int)Math.Ceiling((expiresAt - time.GetUtcNow() + Grace).TotalSeconds);
        return new RateLimitCounterDocument(key.Row, key.Partition, count, Math.Max(seconds, 1));
    }
}
