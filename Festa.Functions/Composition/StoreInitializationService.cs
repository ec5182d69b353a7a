using Festa.Core;
using Microsoft.Extensions.Hosting;

namespace Festa.Functions.Composition;

/// <summary>Creates missing tables or containers when the worker starts (where configured to).</summary>
public sealed class StoreInitializationService(IStoreInitializer initializer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => initializer.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
