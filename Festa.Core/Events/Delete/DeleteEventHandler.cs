using Festa.Core.Auth.Sessions;
using Festa.Core.Common;
using Festa.Core.Notifications;

namespace Festa.Core.Events.Delete;

public sealed class DeleteEventHandler(IEventStore events, IEnumerable<IEventDeletionStep> steps, CancellationNotifier cancellations)
{
    public async Task<Result> HandleAsync(CurrentSession caller, string rawId, CancellationToken cancellationToken)
    {
        var found = await events.FindOwnedAsync(caller, rawId, cancellationToken);
        if (found.Error is { } denied)
        {
            return denied;
        }

        // The participants are read and queued for notification before their sign-ups are deleted.
        await cancellations.PublishAsync(found.Value.Event, cancellationToken);
        await events.DeleteAsync(found.Value.Event, cancellationToken);
        foreach (var step in steps)
        {
            await step.RunAsync(found.Value.Event, cancellationToken);
        }

        return Result.Success;
    }
}
