namespace Festa.Core.Health;

/// <summary>Answers whether the configured store can be reached right now.</summary>
public interface IStoreProbe
{
    /// <returns>Null when healthy, otherwise a short reason (no secrets, no stack traces).</returns>
    Task<string?> ProbeAsync(CancellationToken cancellationToken);
}
