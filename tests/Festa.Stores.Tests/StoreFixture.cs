using Festa.TestSupport;

namespace Festa.Stores.Tests;

/// <summary>A store under test: instances of Festa that all share it.</summary>
public abstract class StoreFixture : IAsyncLifetime
{
    private readonly List<FestaInstance> _instances = [];

    /// <summary>The first instance; tests that need more start them with <see cref="StartInstanceAsync"/>.</summary>
    public FestaInstance Instance { get; private set; } = null!;

    public abstract string StoreName { get; }

    public async Task<FestaInstance> StartInstanceAsync()
    {
        var instance = await FestaInstance.StartAsync(Settings());
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

    protected abstract Dictionary<string, string?> Settings();

    /// <summary>Removes what the tests wrote, so the emulator stays small and fast.</summary>
    protected abstract Task CleanUpAsync();
}
