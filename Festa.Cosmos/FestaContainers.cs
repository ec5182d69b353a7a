using System.Net;
using System.Text.Json;
using Festa.Cosmos.Connection;
using Festa.Cosmos.Events;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace Festa.Cosmos;

/// <summary>
/// The containers Festa keeps its state in, all partitioned by <c>/pk</c>, and the few read/write helpers
/// every adapter shares. See docs/data-model.md ("Cosmos DB") for the documents and why they are so.
/// </summary>
public sealed class FestaContainers
{
    public const string PartitionKeyPath = "/pk";

    private readonly bool _localTestServer;

    public FestaContainers(CosmosClient client, IOptions<CosmosStoreOptions> options)
    {
        Client = client;
        _localTestServer = options.Value.LocalTestServer;
        Database = client.GetDatabase(options.Value.DatabaseName);
        Members = Database.GetContainer("members");
        Sessions = Database.GetContainer("sessions");
        Events = Database.GetContainer("events");
        EventIndex = Database.GetContainer("eventIndex");
        Notifications = Database.GetContainer("notifications");
        RateLimits = Database.GetContainer("rateLimits");
        Idempotency = Database.GetContainer("idempotency");
    }

    public CosmosClient Client { get; }

    public Database Database { get; }

    /// <summary>pk = user id; id "profile" (the account).</summary>
    public Container Members { get; }

    /// <summary>pk = session id (the session) or "member:{user id}" (the member's index); per-item TTL.</summary>
    public Container Sessions { get; }

    /// <summary>pk = event id; ids "event" (details and seat count) and "signup.{user id}" (one per seat).</summary>
    public Container Events { get; }

    /// <summary>pk = "yyyy-MM" (listing), "title:{host id}" (title claims) or "member:{user id}" (sign-up hints).</summary>
    public Container EventIndex { get; }

    /// <summary>pk = user id; id = notification id (a member's inbox).</summary>
    public Container Notifications { get; }

    /// <summary>pk = "{policy}.{subject hash}"; id = window start: rate-limit counters, each with its own TTL.</summary>
    public Container RateLimits { get; }

    /// <summary>pk = id = SHA-256 (hex) of caller and idempotency key: one record per key, each with its own TTL.</summary>
    public Container Idempotency { get; }

    /// <summary>Every container with the settings it is created with.</summary>
    internal IReadOnlyList<ContainerProperties> Definitions =>
    [
        new(Members.Id, PartitionKeyPath),
        new(Sessions.Id, PartitionKeyPath) { DefaultTimeToLive = -1 }, // TTL on, per item (sessions expire by their own ttl)
        new(Events.Id, PartitionKeyPath),
        new(EventIndex.Id, PartitionKeyPath) { IndexingPolicy = ListingIndexing() },
        new(Notifications.Id, PartitionKeyPath),
        new(RateLimits.Id, PartitionKeyPath) { DefaultTimeToLive = -1 }, // TTL on, per item (counters expire after their window)
        new(Idempotency.Id, PartitionKeyPath) { DefaultTimeToLive = -1 }, // TTL on, per item (records expire after their retention)
    ];

    /// <summary>Everything indexed (the default), plus the composite indexes the listing query orders by.</summary>
    private static IndexingPolicy ListingIndexing()
    {
        var policy = new IndexingPolicy { IncludedPaths = { new IncludedPath { Path = "/*" } } };
        foreach (var order in ListingDocument.IndexedOrders())
        {
            policy.CompositeIndexes.Add([.. order.Select(p => new CompositePath { Path = "/" + p, Order = CompositePathSortOrder.Ascending })]);
        }

        return policy;
    }

    /// <summary>
    /// A point read (1 RU for a small item); null when the item does not exist (404/0 only: a 404 with another
    /// sub-status, such as 1002 "read session not available", throws and is classified by <see cref="CosmosStatus"/>).
    /// </summary>
    internal async Task<JsonElement?> ReadAsync(Container container, string id, string partitionKey, CancellationToken cancellationToken)
    {
        using var response = await container.ReadItemStreamAsync(id, new PartitionKey(partitionKey), cancellationToken: cancellationToken);
        if (CosmosStatus.IsMissing(response) ||
            (_localTestServer && LocalTestServerErrors.IsMissingItem(response)))
        {
            // The local test server fails instead of answering 404 for a missing item (see CosmosStoreOptions).
            return null;
        }

        response.EnsureSuccessStatusCode();
        using var document = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken);
        return document.RootElement.Clone();
    }

    /// <summary>Runs a query within one logical partition and returns every document it yields (up to <paramref name="max"/>).</summary>
    internal static async Task<List<JsonElement>> QueryAsync(
        Container container, QueryDefinition query, string? partitionKey, CancellationToken cancellationToken, int max = int.MaxValue)
    {
        var options = new QueryRequestOptions { MaxItemCount = max == int.MaxValue ? -1 : Math.Min(max, 1000) };
        if (partitionKey is not null)
        {
            options.PartitionKey = new PartitionKey(partitionKey);
        }

        var results = new List<JsonElement>();
        using var iterator = container.GetItemQueryIterator<JsonElement>(query, requestOptions: options);
        while (iterator.HasMoreResults && results.Count < max)
        {
            foreach (var item in await iterator.ReadNextAsync(cancellationToken))
            {
                results.Add(item);
                if (results.Count >= max)
                {
                    break;
                }
            }
        }

        return results;
    }

    /// <summary>Deletes an item if it exists (optionally only at <paramref name="etag"/>).</summary>
    /// <returns>False when it was missing or had changed.</returns>
    internal static async Task<bool> DeleteAsync(Container container, string id, string partitionKey, CancellationToken cancellationToken, string? etag = null)
    {
        using var response = await container.DeleteItemStreamAsync(id, new PartitionKey(partitionKey),
            new ItemRequestOptions { IfMatchEtag = etag }, cancellationToken);
        if (CosmosStatus.IsMissing(response) || response.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        return true;
    }
}
