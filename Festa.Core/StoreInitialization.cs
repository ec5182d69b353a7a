namespace Festa.Core;

/// <summary>Creates what the store needs (tables, containers) if it is missing. Safe to run repeatedly.</summary>
public interface IStoreInitializer
{
    Task InitializeAsync(CancellationToken cancellationToken);
}
