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

    public async Task<int> CountUnreadAsync(UserId memberId, CancellationToken cancellationToken) =>
        (await UnreadIdsAsync(memberId, cancellationToken)).Count;

    public async Task<bool> MarkReadAsync(UserId memberId, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await containers.ReadAsync(Container, id, memberId.Value, cancellationToken) is not { } found)
        {
            return false;
        }

        var doc = found.To<NotificationDocument>();
        if (!doc.Read)
        {
            await Container.ReplaceItemAsync(doc with { Read = true, ReadAt = now }, id, new PartitionKey(memberId.Value),
                new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);
        }

        return true;
    }

    public async Task MarkAllReadAsync(UserId memberId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var id in await UnreadIdsAsync(memberId, cancellationToken))
        {
            await MarkReadAsync(memberId, id, now, cancellationToken);
        }
    }

    private async Task<List<string>> UnreadIdsAsync(UserId memberId, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT c.id FROM c WHERE c.pk = @pk AND c.read = false").WithParameter("@pk", memberId.Value);
        return (await FestaContainers.QueryAsync(Container, query, memberId.Value, cancellationToken)).Select(d => d.Id()).ToList();
    }
}
