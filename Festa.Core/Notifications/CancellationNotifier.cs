using Festa.Core.Events;

namespace Festa.Core.Notifications;

/// <summary>
/// Before an event is deleted: reads its participants (the sign-ups go with the event) and queues them,
/// <see cref="EventChangeMessage.MaxRecipients"/> per message, for "cancelled" notifications. A failure
/// throws before anything is deleted; the change id is derived from the event (it is deleted only once), so
/// a client that retries the delete causes no second notification.
/// </summary>
public sealed class CancellationNotifier(ISignUpStore signUps, IEventChangePublisher publisher, TimeProvider time)
{
    public async Task PublishAsync(FestaEvent doomed, CancellationToken cancellationToken)
    {
        var changeId = "deleted." + doomed.Id.Value;
        var now = time.GetUtcNow();
        string? after = null;
        do
        {
            var page = await signUps.ListParticipantsAsync(doomed.Id, after, EventChangeMessage.MaxRecipients, cancellationToken);
            if (page.Items.Count > 0)
            {
                await publisher.PublishAsync(new EventChangeMessage(doomed.Id.Value, EventChangeKind.Deleted, changeId, now, doomed.Title,
                    ["event"], page.Items.Select(r => r.MemberId.Value).ToList()), cancellationToken);
            }

            after = page.Items.Count > 0 ? page.After : null;
        }
        while (after is not null);
    }
}
