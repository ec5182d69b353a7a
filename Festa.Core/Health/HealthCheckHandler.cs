namespace Festa.Core.Health;

public sealed record HealthReport(bool Healthy, string Store, string? Reason);

public sealed class HealthCheckHandler(IStoreProbe probe, StoreDescription store)
{
    public async Task<HealthReport> HandleAsync(CancellationToken cancellationToken)
    {
        var reason = await probe.ProbeAsync(cancellationToken);
        return new HealthReport(reason is null, store.Name, reason);
    }
}

/// <summary>Which store this instance uses, for health and diagnostics.</summary>
public sealed record StoreDescription(string Name);
