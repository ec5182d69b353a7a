using System.Globalization;
using System.Net;
using Festa.Core.Events;
using Festa.Core.Members;
using Festa.Core.Notifications;
using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos.Notifications;

/// <summary>A notification: pk = member id, id = notification id; sortKey orders the inbox newest first.</summary>
internal sealed record NotificationDocument(
    string Id,
    string Pk,
    string SortKey,
    string Kind,
    string? EventId,
    string Title,
    string Body,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReadAt,
    bool Read)
{
    public static NotificationDocument From(Notification n) => new(n.Id, n.MemberId.Value,
        (DateTimeOffset.MaxValue.UtcTicks - n.CreatedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "." + n.Id,
        n.Kind.ToString(), n.EventId, n.Title, n.Body, n.CreatedAt, n.ReadAt, n.IsRead);

    public Notification ToNotification() => new(Id, UserId.FromTrusted(Pk),
        Enum.TryParse<NotificationKind>(Kind, out var kind) ? kind : NotificationKind.EventChanged,
        EventId, Title, Body, CreatedAt, Read ? ReadAt : null);
}

/// <summary>
/// Inboxes on Cosmos DB, one logical partition per member. An add is a create: a second create of the same
/// id answers 409, which makes a repeated add (a retried queue message) a no-op. Every query names the partition.
/// </summary>
internal sealed class CosmosNotificationStore(FestaContainers containers) : INotificationStore
{
    private const string Unread = "FROM c WHERE NOT c.read";

    private Container Container => containers.Notifications;

    public async Task<bool> TryAddAsync(Notification notification, CancellationToken cancellationToken)
    {
        try
        {
            await Container.CreateItemAsync(NotificationDocument.From(notification), new PartitionKey(notification.MemberId.Value),
                new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public async Task<StorePage<Notification>> ListAsync(UserId memberId, string? after, int limit, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition(
                "SELECT * FROM c WHERE c.pk = @pk AND c.sortKey > @after ORDER BY c.sortKey")
            .WithParameter("@pk", memberId.Value)
            .WithParameter("@after", after ?? string.Empty);
        var docs = await FestaContainers.QueryAsync(Container, query, memberId.Value, cancellationToken, limit + 1);
        var items = docs.Take(limit).Select(d => d.To<NotificationDocument>()).ToList();
        return new StorePage<Notification>(items.Select(d => d.ToNotification()).ToList(), docs.Count > limit ? items[^1].SortKey : null);
    }

    /// <summary>One aggregate query in the member's partition (<c>SELECT VALUE COUNT(1)</c>): one number comes back, not every id.</summary>
    public async Task<int> CountUnreadAsync(UserId memberId, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT VALUE COUNT(1) FROM c WHERE c.pk = @pk AND c.read = false").WithParameter("@pk", memberId.Value);
        var counts = await FestaContainers.QueryAsync(Container, query, memberId.Value, cancellationToken);
        return counts.Sum(c => c.GetInt32()); // one value per page of the aggregate; a single partition gives one
    }

    /// <summary>
    /// A read, then a patch of <c>read</c>/<c>readAt</c> with If-Match on the ETag read: of two concurrent
    /// marks only the first writes, so the first <c>ReadAt</c> is kept (412 means another mark won).
    /// </summary>
    public async Task<bool> MarkReadAsync(UserId memberId, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await containers.ReadAsync(Container, id, memberId.Value, cancellationToken) is not { } found)
        {
            return false;
        }

        if (found.To<NotificationDocument>().Read)
        {
            return true;
        }

        try
        {
            await Container.PatchItemAsync<NotificationDocument>(id, new PartitionKey(memberId.Value), MarkRead(now),
                new PatchItemRequestOptions { IfMatchEtag = found.ETag(), EnableContentResponseOnWrite = false }, cancellationToken);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            // Changed since the read: the only change a notification gets is being marked read.
        }

        return true;
    }

    /// <summary>
    /// The unread ids (one query), then transactional batches of up to 100 patches in the member's
    /// partition, each conditional on <c>NOT c.read</c>, so a notification marked meanwhile keeps its first
    /// <c>ReadAt</c> (its patch fails with 412 and is dropped from the batch, see <see cref="CosmosBatches"/>).
    /// </summary>
    public async Task MarkAllReadAsync(UserId memberId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT VALUE c.id FROM c WHERE c.pk = @pk AND c.read = false").WithParameter("@pk", memberId.Value);
        var ids = (await FestaContainers.QueryAsync(Container, query, memberId.Value, cancellationToken)).Select(d => d.GetString()!).ToList();
        await CosmosBatches.RunAsync(ids, (batch, ct) => MarkReadBatch(memberId, batch, now).ExecuteAsync(ct),
            failure => failure is CosmosFailure.Rejected or CosmosFailure.Missing, cancellationToken);
    }

    private TransactionalBatch MarkReadBatch(UserId memberId, IEnumerable<string> ids, DateTimeOffset now)
    {
        var batch = Container.CreateTransactionalBatch(new PartitionKey(memberId.Value));
        foreach (var id in ids)
        {
            batch.PatchItem(id, MarkRead(now), new TransactionalBatchPatchItemRequestOptions { FilterPredicate = Unread });
        }

        return batch;
    }

    private static PatchOperation[] MarkRead(DateTimeOffset now) => [PatchOperation.Set("/read", true), PatchOperation.Set("/readAt", now)];
}
