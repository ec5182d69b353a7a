using System.Net;
using Festa.Core.Idempotency;
using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos.Idempotency;

/// <summary>One idempotency record: pk = id = hash of caller and key; <c>status</c> null while pending; Cosmos deletes it by <c>ttl</c>.</summary>
internal sealed record IdempotencyDocument(string Id, string Pk, string Fingerprint, DateTimeOffset LeaseUntil, DateTimeOffset ExpiresAt,
    int? Status, string? Headers, byte[]? Body, int Ttl);

/// <summary>
/// Idempotency records on Cosmos DB: a create (insert-if-absent), a 1 RU point read, If-Match replace and delete.
/// Every record is a logical partition of its own. Records carry a TTL a minute past their retention (the container
/// has TTL on, per item), so nothing sweeps them; expiry is also checked by time on read (<see cref="IdempotencyKeys"/>).
/// </summary>
internal sealed class CosmosIdempotencyStore(FestaContainers containers, TimeProvider time) : IIdempotencyStore
{
    /// <summary>Kept a minute past retention, so a clock skew between instances never reads a vanished record as absent early.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    private Container Container => containers.Idempotency;

    public async Task<IdempotencyRecord?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        if (await containers.ReadAsync(Container, id, id, cancellationToken) is not { } element)
        {
            return null;
        }

        var doc = element.To<IdempotencyDocument>();
        var response = doc.Status is { } status ? new StoredResponse(status, StoredResponse.DecodeHeaders(doc.Headers), doc.Body ?? []) : null;
        return new IdempotencyRecord(doc.Fingerprint, doc.LeaseUntil, doc.ExpiresAt, response, element.ETag());
    }

    public async Task<IdempotencyInsert> TryInsertAsync(string id, IdempotencyRecord record, CancellationToken cancellationToken)
    {
        try
        {
            var created = await Container.CreateItemAsync(Document(id, record), new PartitionKey(id),
                new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);
            return new IdempotencyInsert(created.ETag);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return new IdempotencyInsert(null); // the caller reads the record
        }
    }

    public async Task<string?> TryReplaceAsync(string id, IdempotencyRecord record, string version, CancellationToken cancellationToken)
    {
        try
        {
            var replaced = await Container.ReplaceItemAsync(Document(id, record), id, new PartitionKey(id),
                new ItemRequestOptions { IfMatchEtag = version, EnableContentResponseOnWrite = false }, cancellationToken);
            return replaced.ETag;
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<bool> TryDeleteAsync(string id, string version, CancellationToken cancellationToken) =>
        FestaContainers.DeleteAsync(Container, id, id, cancellationToken, version);

    /// <summary>Nothing to do: every record carries a TTL.</summary>
    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(0);

    private IdempotencyDocument Document(string id, IdempotencyRecord record)
    {
        var seconds = (int)Math.Ceiling((record.ExpiresAt - time.GetUtcNow() + Grace).TotalSeconds);
        return new IdempotencyDocument(id, id, record.Fingerprint, record.LeaseUntil, record.ExpiresAt,
            record.Response?.Status, record.Response?.EncodeHeaders(), record.Response?.Body, Math.Max(seconds, 1));
    }
}
