using Festa.Core.Events;
using Festa.Core.Members;
using Microsoft.Extensions.Logging;

namespace Festa.Core.Notifications;

/// <summary>
/// Turns one queued event change into notifications: one page of recipients per message. For a change,
/// the page is read from the live sign-ups and, when more remain, a continuation message is queued first;
/// for a deletion, the recipients travel in the message. Ids are SHA-256(change id, member id), so a
/// message processed twice (the queue delivers at least once) adds nothing the second time. Any failure
/// throws, so the message is retried and, after the host's maxDequeueCount, kept in the poison queue.
/// </summary>
public sealed partial class FanOutEventChangeHandler(
    ISignUpStore signUps,
    INotificationStore notifications,
    IEventChangePublisher publisher,
    ILogger<FanOutEventChangeHandler> logger)
{
    public const int PageSize = 100;
    private const int ParallelWrites = 16;

    public async Task<int> HandleAsync(EventChangeMessage message, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> recipients;
        if (message.Kind == EventChangeKind.Deleted)
        {
            recipients = message.Recipients ?? [];
        }
        else
        {
            var page = await signUps.ListParticipantsAsync(Festa.Core.Events.EventId.FromTrusted(message.EventId), message.After, PageSize, cancellationToken);
            recipients = page.Items.Select(r => r.MemberId.Value).ToList();
            if (page.After is { } after && page.Items.Count > 0)
            {
                // Queued before this page is written: if writing fails, the retry queues it again, and the
                // continuation's notifications have ids of their own, so a second copy adds nothing either.
                await publisher.PublishAsync(message with { After = after, Recipients = null }, cancellationToken);
            }
        }

        var added = 0;
        await Parallel.ForEachAsync(recipients, new ParallelOptions { MaxDegreeOfParallelism = ParallelWrites, CancellationToken = cancellationToken },
            async (member, ct) =>
            {
                if (await notifications.TryAddAsync(For(message, member), ct))
                {
                    Interlocked.Increment(ref added);
                }
            });
        LogFannedOut(message.EventId, message.ChangeId, recipients.Count, added);
        return added;
    }

    public static Notification For(EventChangeMessage message, string memberId)
    {
        var changed = message.Changed.Count > 0 ? string.Join(", ", message.Changed) : "details";
        return message.Kind == EventChangeKind.Deleted
            ? new Notification(Notification.IdOf(message.ChangeId, memberId), UserId.FromTrusted(memberId), NotificationKind.EventCancelled,
                message.EventId, $"Cancelled: {message.Title}", $"\"{message.Title}\" was cancelled by its host.", message.OccurredAt, null)
            : new Notification(Notification.IdOf(message.ChangeId, memberId), UserId.FromTrusted(memberId), NotificationKind.EventChanged,
                message.EventId, $"Changed: {message.Title}", $"The host changed the {changed} of \"{message.Title}\".", message.OccurredAt, null);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Fan-out of change {ChangeId} to event {EventId}: {Recipients} recipients, {Added} notifications added")]
    private partial void LogFannedOut(string eventId, string changeId, int recipients, int added);
}
