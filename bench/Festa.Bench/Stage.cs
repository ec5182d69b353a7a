using Festa.AzureStorage.Tables;
using Festa.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Festa.Bench;

/// <summary>M instances of Festa on fresh tables of their own, counted, and removed afterwards (Azurite slows as tables grow).</summary>
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

    public static async Task<Stage> StartAsync(int instances, Action<IServiceCollection>? services = null)
    {
        var counter = new StoreCallCounter();
        var settings = TestSettings.ForTables(TestStorage.NewTablePrefix());
        var started = new List<FestaInstance>();
        for (var i = 0; i < instances; i++)
        {
            started.Add(await FestaInstance.StartAsync(settings, s =>
            {
                counter.AddTo(s);
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
