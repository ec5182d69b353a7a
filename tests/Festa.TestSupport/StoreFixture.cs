using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Festa.TestSupport;

/// <summary>A store under test: instances of Festa that all share it, cleaned up afterwards.</summary>
public abstract class StoreFixture : IAsyncLifetime
{
    private readonly List<FestaInstance> _instances = [];

    /// <summary>The first instance; tests that need more start them with <see cref="StartInstanceAsync"/>.</summary>
    public FestaInstance Instance { get; private set; } = null!;

    public abstract string StoreName { get; }

    /// <summary>Starts another instance on the same store, optionally with extra settings or services.</summary>
    public async Task<FestaInstance> StartInstanceAsync(
        Action<Dictionary<string, string?>>? settings = null, Action<IServiceCollection>? services = null)
    {
        var values = Settings();
        settings?.Invoke(values);
        var instance = await FestaInstance.StartAsync(values, services);
        lock (_instances)
        {
            _instances.Add(instance);
        }

        return instance;
    }

    public async ValueTask InitializeAsync() => Instance = await StartInstanceAsync();

    public async ValueTask DisposeAsync()
    {
        await CleanUpAsync();
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>The configuration every instance of this store starts from.</summary>
    public abstract Dictionary<string, string?> Settings();

    /// <summary>Removes what the tests wrote, so the emulator stays small and fast.</summary>
    protected abstract Task CleanUpAsync();
}
