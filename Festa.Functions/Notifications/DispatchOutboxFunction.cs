using Festa.Core.Notifications.Outbox;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Notifications;

/// <summary>
/// Every minute: delivers the notification outbox entries that the immediate attempt after their change could not
/// (queue down, instance gone), and releases the pending index entries of events with nothing left
/// (docs/concurrency.md, "Notifications: the outbox"). The host runs one timer invocation at a time across instances.
/// </summary>
public sealed class DispatchOutboxFunction(OutboxDispatcher dispatcher)
{
    [Function("DispatchOutbox")]
    public Task RunAsync([TimerTrigger("0 */1 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        dispatcher.DispatchPendingAsync(cancellationToken);
}
