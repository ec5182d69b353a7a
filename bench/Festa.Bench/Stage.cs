using Festa.AzureStorage.Tables;
using Festa.Functions.Observability;
using Festa.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;

namespace Festa.Bench;

/// <summary>
/// M instances of Festa on fresh tables of their own, counted, and removed afterwards (Azurite slows as tables grow).
/// They log at the deployed app's levels (Program.cs's <see cref="TelemetryServiceCollectionExtensions.AddFestaTelemetry"/>: Festa
/// from Information, the rest from Warning), not the tests' Debug: the Azure SDK's per-call lines would otherwise be
/// formatted for every store request and take CPU the one Azurite process needs.
/// </summary>
public sealed class Stage : IAsyncDisposable
{
    private Stage(IReadOnlyList<FestaInstance> instances, StoreCallCounter counter)
    {
        Instances = instances;
        Counter = counter;
    }

    public IReadOnlyList<FestaInstance> Instances { get; }

    public StoreCallCounter Counter { get; }

    public FestaInstance First => Instances[0];

    /// <param name="settings">Extra configuration for every instance (for example a rate limit switched off).</param>
    public static async Task<Stage> StartAsync(int instances, Action<IServiceCollection>? services = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var counter = new StoreCallCounter();
        var configuration = TestSettings.ForTables(TestStorage.NewTablePrefix());
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var settingsRead = new ConfigurationBuilder().AddInMemoryCollection(configuration).Build();
        var started = new List<FestaInstance>();
        for (var i = 0; i < instances; i++)
        {
            started.Add(await FestaInstance.StartAsync(configuration, s =>
            {
                counter.AddTo(s);
                s.AddFestaTelemetry(settingsRead); // the deployed log levels (no connection string here: nothing else is added)
                services?.Invoke(s);
            }));
        }

        return new Stage(started, counter);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var table in First.Get<FestaTables>().All)
        {
            await table.DeleteAsync();
        }

        foreach (var instance in Instances)
        {
            await instance.DisposeAsync();
        }
    }
}
