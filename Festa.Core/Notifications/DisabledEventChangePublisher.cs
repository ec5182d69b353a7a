using Microsoft.Extensions.Logging;

namespace Festa.Core.Notifications;

/// <summary>
/// Used when no storage account (hence no queue) is configured, e.g. a Cosmos-only test setup: event changes
/// are not fanned out, and each one is logged as a warning so the gap is visible.
/// </summary>
public sealed partial class DisabledEventChangePublisher(ILogger<DisabledEventChangePublisher> logger) : IEventChangePublisher
{
    public Task PublishAsync(EventChangeMessage message, CancellationToken cancellationToken)
    {
        LogDropped(message.EventId, message.Kind);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No queue configured: change {Kind} of event {EventId} is not notified")]
    private partial void LogDropped(string eventId, EventChangeKind kind);
}
