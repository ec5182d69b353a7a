using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using EventId = Festa.Core.Events.EventId;

namespace Festa.Core.Notifications.Outbox;

/// <summary>
/// Delivers outbox entries (docs/concurrency.md, "Notifications: the outbox"): a change goes to the queue as one
/// fan-out message; a deletion goes as messages of at most <see cref="EventChangeMessage.MaxRecipients"/> recipients, each
/// page of sign-up records removed only after its message was accepted; a member notice goes straight into the inbox.
/// An entry is removed only after it was delivered, so a failure (queue down, instance gone) leaves it for the next
/// attempt: right after the change (<see cref="TryDispatchAsync"/>) and then every minute (<see cref="DispatchPendingAsync"/>).
/// Any number of dispatchers may run at once: every step is idempotent, and notification ids are derived from the entry id
/// and the member, so a message delivered twice adds nothing.
/// </summary>
public sealed partial class OutboxDispatcher(
    IOutboxStore outbox,
    IEventChangePublisher publisher,
    INotificationStore inbox,
    TimeProvider time,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger)
{
    /// <summary>Pages of a deletion the request's immediate attempt sends (1,000 members); the timer sends the rest.</summary>
    public const int ImmediateDeletionPages = 10;

    /// <summary>
    /// Delivers every entry of the event, changes first. Throws when one cannot be delivered (the rest stay). A deletion
    /// sends at most <paramref name="maxDeletionPages"/> pages of recipients; its entry stays until the last page is sent.
    /// </summary>
    /// <returns>How many entries were delivered and removed.</returns>
    public async Task<int> DispatchAsync(EventId eventId, int maxDeletionPages, CancellationToken cancellationToken)
    {
        var delivered = 0;
        var entries = await outbox.ReadAsync(eventId, cancellationToken);
        foreach (var entry in entries.OrderBy(e => e.Kind == OutboxEntryKind.EventDeleted).ThenBy(e => e.OccurredAt))
        {
            switch (entry.Kind)
            {
                case OutboxEntryKind.EventChanged:
                    await publisher.PublishAsync(entry.ToMessage(), cancellationToken);
                    break;
                case OutboxEntryKind.MemberNotice:
                    await inbox.TryAddAsync(entry.ToNotice(), cancellationToken);
                    break;
                case OutboxEntryKind.EventDeleted:
                    if (!await DeliverDeletionAsync(eventId, entry, maxDeletionPages, cancellationToken))
                    {
                        return delivered; // more recipients left: the timer continues where this stopped
                    }

                    break;
            }

            await outbox.CompleteAsync(eventId, entry, cancellationToken);
            delivered++;
        }

        return delivered;
    }

    /// <summary>Delivers every entry of the event, the whole of a deletion included.</summary>
    public Task<int> DispatchAsync(EventId eventId, CancellationToken cancellationToken) => DispatchAsync(eventId, int.MaxValue, cancellationToken);

    /// <summary>The immediate attempt after a change committed: a failure is logged, and the timer delivers the entry later.</summary>
    public async Task TryDispatchAsync(EventId eventId, CancellationToken cancellationToken)
    {
        try
        {
            await DispatchAsync(eventId, ImmediateDeletionPages, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDeferred(e, eventId.Value);
        }
    }

    /// <summary>
    /// The timer's sweep: dispatches every event in the pending index and removes an index entry once its event has no
    /// entry left and it was last marked more than <see cref="OutboxOptions.IndexGrace"/> ago (a writer marks before it
    /// writes, so a younger mark may belong to a write still in flight). One event's failure does not stop the others.
    /// </summary>
    public async Task<OutboxSweep> DispatchPendingAsync(CancellationToken cancellationToken)
    {
        int events = 0, delivered = 0, failed = 0, released = 0;
        await foreach (var pending in outbox.ListPendingAsync(cancellationToken))
        {
            events++;
            try
            {
                delivered += await DispatchAsync(pending.EventId, cancellationToken);
                if (time.GetUtcNow() - pending.MarkedAt >= options.Value.IndexGrace && await outbox.TryUnmarkAsync(pending, cancellationToken))
                {
                    released++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed++;
                LogDeferred(e, pending.EventId.Value);
            }
        }

        LogSwept(events, delivered, failed, released);
        return new OutboxSweep(events, delivered, failed, released);
    }

    /// <summary>
    /// Page by page: queue the page's members, then remove their sign-up records. A member is removed only after a message
    /// naming them was accepted, so a crash or a second dispatcher never loses one (at worst a page is queued twice).
    /// </summary>
    /// <returns>True when no recipient is left.</returns>
    private async Task<bool> DeliverDeletionAsync(EventId eventId, OutboxEntry entry, int maxPages, CancellationToken cancellationToken)
    {
        for (var page = 0; ; page++)
        {
            var members = await outbox.ReadSeatsOfDeletedAsync(eventId, EventChangeMessage.MaxRecipients, cancellationToken);
            if (members.Count == 0)
            {
                return true;
            }

            if (page == maxPages)
            {
                return false;
            }

            await publisher.PublishAsync(entry.ToMessage(members.Select(m => m.Value).ToList()), cancellationToken);
            await outbox.RemoveSeatsOfDeletedAsync(eventId, members, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox of event {EventId} not delivered yet; the dispatcher timer retries it")]
    private partial void LogDeferred(Exception exception, string eventId);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Outbox sweep: {Events} pending events, {Delivered} entries delivered, {Failed} failed, {Released} index entries released")]
    private partial void LogSwept(int events, int delivered, int failed, int released);
}

/// <summary>What one sweep of the pending index did.</summary>
public sealed record OutboxSweep(int Events, int Delivered, int Failed, int Released);

/// <summary>Configuration section <c>Festa:Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Festa:Outbox";

    /// <summary>
    /// How long an index entry is kept after its last mark even when its event has no entry left: longer than any event
    /// write may take (the Functions timeout bounds a request), so a write in flight never loses its index entry. Default 10 minutes.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan IndexGrace { get; set; } = TimeSpan.FromMinutes(10);
}
