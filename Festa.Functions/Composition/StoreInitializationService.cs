using Festa.AzureStorage.Queues;
using Festa.Core;
using Microsoft.Extensions.Hosting;

namespace Festa.Functions.Composition;

/// <summary>
/// Creates missing tables or containers, and the event-change queue, when the worker starts — where configured
/// to: by default (Azurite, a fresh account). The Bicep template creates all of them and turns each switch off
/// (<c>Festa__Table__CreateTablesOnStartup</c>, <c>Festa__Cosmos__CreateOnStartup</c>,
/// <c>Festa__Queues__CreateOnStartup</c>), so an Azure instance does no start-up work. Without a queue
/// connection there is no queue initializer.
/// </summary>
public sealed class StoreInitializationService(IStoreInitializer store, EventChangeQueueInitializer? queue = null) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        if (queue is not null)
        {
            await queue.InitializeAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
