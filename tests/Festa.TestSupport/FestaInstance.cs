using System.Net.Sockets;
using Festa.Core;
using Festa.Functions.Composition;
using Festa.TestSupport.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Festa.TestSupport;

/// <summary>
/// One running "instance" of Festa: its own service provider, built by the same composition root as
/// the Functions app, talking to the shared store. Several of these stand in for scaled-out instances.
/// </summary>
public sealed class FestaInstance : IAsyncDisposable
{
    private FestaInstance(ServiceProvider services, FakeLogCollector logs)
    {
        Services = services;
        Logs = logs;
        Client = new FestaClient(this);
    }

    public IServiceProvider Services { get; }

    /// <summary>Every log line this instance wrote.</summary>
    public FakeLogCollector Logs { get; }

    public FestaClient Client { get; }

    public static async Task<FestaInstance> StartAsync(
        IReadOnlyDictionary<string, string?> settings,
        Action<IServiceCollection>? configureServices = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
        services.AddFesta(configuration);
        services.Configure<Azure.Data.Tables.TableClientOptions>("Default",
            options => options.AddPolicy(new KeyRangeQueryGuard(), Azure.Core.HttpPipelinePosition.PerCall));
        services.AddSingleton<Microsoft.Azure.Cosmos.RequestHandler>(new CosmosQueryGuard());
        configureServices?.Invoke(services);

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        try
        {
            await provider.GetRequiredService<IStoreInitializer>().InitializeAsync(CancellationToken.None);
        }
        catch (Exception e) when (IsConnectionRefused(e))
        {
            await provider.DisposeAsync();
            // `dotnet test` without test.sh (an IDE, say): say what to start instead of "Connection refused".
            throw new InvalidOperationException(
                configuration["Festa:Store"] is "Cosmos" ? TestCosmos.StartEmulatorsHint : TestStorage.StartEmulatorsHint, e);
        }

        return new FestaInstance(provider, provider.GetFakeLogCollector());
    }

    /// <summary>True when the store's endpoint refused the connection: nothing listens there.</summary>
    internal static bool IsConnectionRefused(Exception? e) => e switch
    {
        null => false,
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsConnectionRefused),
        _ => IsConnectionRefused(e.InnerException),
    };

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public ValueTask DisposeAsync() => ((ServiceProvider)Services).DisposeAsync();
}
