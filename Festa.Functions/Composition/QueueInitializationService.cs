using Festa.AzureStorage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Festa.Functions.Composition;

/// <summary>
/// Creates the event-change queue when the worker starts, so the queue trigger finds it before the first
/// change. A failure is only logged: the publisher creates the queue on its first use anyway.
/// </summary>
public sealed partial class QueueInitializationService(IServiceProvider services, ILogger<QueueInitializationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<QueueEventChangePublisher>() is not { } publisher)
        {
            return;
        }

        try
        {
            await publisher.EnsureCreatedAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(e, publisher.Queue.Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue} could not be created at start-up; it is created on first use")]
    private partial void LogFailed(Exception exception, string queue);
}
