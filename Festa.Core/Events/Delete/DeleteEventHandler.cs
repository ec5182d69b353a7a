using Festa.Core.Auth.Sessions;
using Festa.Core.Common;
using Festa.Core.Notifications.Outbox;

namespace Festa.Core.Events.Delete;

/// <summary>
/// Deletes an event. The "cancelled" notice is recorded by the store in the same write that closes the event to
/// sign-ups, so its recipients are exactly the members holding a seat at that moment, including one whose sign-up
/// committed while the deletion ran (docs/concurrency.md, "Notifications: the outbox"). Delivery is tried at once; if
/// the queue refuses, the outbox timer retries and the DELETE still succeeds.
/// </summary>
public sealed class DeleteEventHandler(IEventStore events, IEnumerable<IEventDeletionStep> steps, OutboxDispatcher outbox, TimeProvider time)
{
    public async Task<Result> HandleAsync(CurrentSession caller, string rawId, CancellationToken cancellationToken)
    {
        var found = await events.FindOwnedAsync(caller, rawId, cancellationToken);
        if (found.Error is { } denied)
        {
            return denied;
        }

        var doomed = found.Value.Event;
        await events.DeleteAsync(doomed, OutboxEntry.EventDeleted(doomed, time.GetUtcNow()), cancellationToken);
        foreach (var step in steps)
        {
            await step.RunAsync(doomed, cancellationToken);
        }

        await outbox.TryDispatchAsync(doomed.Id, cancellationToken);
        return Result.Success;
    }
}
