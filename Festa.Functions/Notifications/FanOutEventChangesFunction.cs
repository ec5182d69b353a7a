using Festa.AzureStorage.Connection;
using Festa.AzureStorage.Queues;
using Festa.Core.Notifications;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Notifications;

/// <summary>
/// Fans one queued event change out into inboxes (a page of recipients per message). Any failure throws:
/// the host retries the message and, after <c>extensions.queues.maxDequeueCount</c> (host.json: 5),
/// moves it to the poison queue <c>{queue}-poison</c>, where it is kept.
/// </summary>
public sealed class FanOutEventChangesFunction(FanOutEventChangeHandler handler)
{
    [Function("FanOutEventChanges")]
    public async Task RunAsync(
        [QueueTrigger("%" + QueueNames.EventChangesKey + "%", Connection = StorageConnection.SectionName)] string message,
        CancellationToken cancellationToken) =>
        await handler.HandleAsync(EventChangeJson.Deserialize(message), cancellationToken);
}
