using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Festa.Core.Events;
using Festa.Core.Members;
using Festa.Core.Notifications.Outbox;
using Festa.Cosmos.Connection;
using Festa.Cosmos.Events;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace Festa.Cosmos.Outbox;

/// <summary>
/// The notification outbox on Cosmos DB (<see cref="CosmosOutbox"/> for the documents). Reads are point reads or
/// single-partition queries: the index partition, or the event's partition.
/// </summary>
internal sealed class CosmosOutboxStore(FestaContainers containers, IOptions<CosmosStoreOptions> options) : IOutboxStore
{
    private const int MaxReplaceAttempts = 20;

    public async Task MarkPendingAsync(EventId eventId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await MarkAsync(containers, eventId, now, cancellationToken);

    internal static async Task MarkAsync(FestaContainers containers, EventId eventId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await containers.Events.UpsertItemAsync(OutboxIndexDocument.From(eventId, now), new PartitionKey(CosmosOutbox.IndexPartition),
            cancellationToken: cancellationToken);

    public async IAsyncEnumerable<PendingOutbox> ListPendingAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.pk = @pk").WithParameter("@pk", CosmosOutbox.IndexPartition);
        foreach (var doc in await FestaContainers.QueryAsync(containers.Events, query, CosmosOutbox.IndexPartition, cancellationToken))
        {
            if (EventId.TryParse(doc.Id(), out var id))
            {
                yield return new PendingOutbox(id, doc.To<OutboxIndexDocument>().MarkedAt, doc.ETag());
            }
        }
    }

    public async Task<IReadOnlyList<OutboxEntry>> ReadAsync(EventId eventId, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.pk = @pk AND c.kind = @kind")
            .WithParameter("@pk", eventId.Value).WithParameter("@kind", CosmosOutbox.EntryKind);
        var documents = FestaContainers.QueryAsync(containers.Events, query, eventId.Value, cancellationToken);
        var entries = new List<OutboxEntry>();
        if (await containers.ReadAsync(containers.Events, EventDocument.Key, eventId.Value, cancellationToken) is { } found)
        {
            var doc = found.To<EventDocument>();
            entries.AddRange((doc.Outbox ?? new Dictionary<string, string>()).Values.Select(OutboxEntry.FromJson));
            if (doc.Deletion is { } deletion)
            {
                entries.Add(OutboxEntry.FromJson(deletion));
            }
        }

        entries.AddRange((await documents).Select(d => OutboxEntry.FromJson(d.To<OutboxDocument>().Entry)));
        return entries;
    }

    /// <summary>One single-partition query on the id range of sign-ups (no ORDER BY: the order does not matter here).</summary>
    public async Task<IReadOnlyList<UserId>> ReadSeatsOfDeletedAsync(EventId eventId, int limit, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT VALUE c.id FROM c WHERE c.pk = @pk AND c.id > @from AND c.id < @to")
            .WithParameter("@pk", eventId.Value).WithParameter("@from", SignUpDocument.Prefix).WithParameter("@to", SignUpDocument.PrefixEnd);
        return (await FestaContainers.QueryAsync(containers.Events, query, eventId.Value, cancellationToken, max: limit))
            .Select(d => UserId.FromTrusted(d.GetString()![SignUpDocument.Prefix.Length..]))
            .ToList();
    }

    /// <summary>Transactional batches of up to 100 deletes (a sign-up already gone is dropped from its batch).</summary>
    public async Task RemoveSeatsOfDeletedAsync(EventId eventId, IReadOnlyList<UserId> members, CancellationToken cancellationToken) =>
        await CosmosBatches.RunAsync(members.Select(SignUpDocument.KeyOf).ToList(), (ids, ct) =>
        {
            var batch = containers.Events.CreateTransactionalBatch(new PartitionKey(eventId.Value));
            foreach (var id in ids)
            {
                batch.DeleteItem(id);
            }

            return batch.ExecuteAsync(ct);
        }, failure => failure == CosmosFailure.Missing, cancellationToken);

    public async Task CompleteAsync(EventId eventId, OutboxEntry entry, CancellationToken cancellationToken)
    {
        switch (entry.Kind)
        {
            case OutboxEntryKind.EventDeleted:
                // The event document is the deletion's tombstone: it goes once every sign-up is gone.
                await DeleteAsync(EventDocument.Key, eventId.Value, null, cancellationToken);
                break;
            case OutboxEntryKind.EventChanged:
                await RemoveFromEventAsync(eventId, entry.Id, cancellationToken);
                break;
            default:
                await DeleteAsync(CosmosOutbox.DocumentPrefix + entry.Id, eventId.Value, null, cancellationToken);
                break;
        }
    }

    public Task<bool> TryUnmarkAsync(PendingOutbox pending, CancellationToken cancellationToken) =>
        DeleteAsync(pending.EventId.Value, CosmosOutbox.IndexPartition, pending.Version, cancellationToken);

    /// <summary>
    /// Removes the entry from the event document's <c>outbox</c> map: a replace with If-Match of the document as read,
    /// other properties untouched; read again when a sign-up or another writer changed it in between.
    /// </summary>
    private async Task RemoveFromEventAsync(EventId eventId, string entryId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxReplaceAttempts; attempt++)
        {
            if (await containers.ReadAsync(containers.Events, EventDocument.Key, eventId.Value, cancellationToken) is not { } found)
            {
                return;
            }

            var document = JsonNode.Parse(found.GetRawText())!.AsObject();
            if (document["outbox"] is not JsonObject outbox || !outbox.Remove(entryId))
            {
                return;
            }

            using var content = new MemoryStream(Encoding.UTF8.GetBytes(document.ToJsonString()));
            using var response = await containers.Events.ReplaceItemStreamAsync(content, EventDocument.Key, new PartitionKey(eventId.Value),
                new ItemRequestOptions { IfMatchEtag = found.ETag() }, cancellationToken);
            if (response.StatusCode is not HttpStatusCode.PreconditionFailed && !IsMissing(response))
            {
                response.EnsureSuccessStatusCode();
                return;
            }
        }

        throw new CosmosException("The event document kept changing while its outbox entry was removed.", HttpStatusCode.ServiceUnavailable, 0, "", 0);
    }

    /// <returns>False when the item was missing or had changed.</returns>
    private async Task<bool> DeleteAsync(string id, string partitionKey, string? etag, CancellationToken cancellationToken)
    {
        using var response = await containers.Events.DeleteItemStreamAsync(id, new PartitionKey(partitionKey),
            new ItemRequestOptions { IfMatchEtag = etag }, cancellationToken);
        if (IsMissing(response) || response.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        return true;
    }

    private bool IsMissing(ResponseMessage response) =>
        CosmosStatus.IsMissing(response) || (options.Value.LocalTestServer && LocalTestServerErrors.IsMissingItem(response));
}
