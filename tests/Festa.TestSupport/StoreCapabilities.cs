using Xunit;

namespace Festa.TestSupport;

/// <summary>Store features a contract test may depend on beyond plain reads and conditional writes.</summary>
public enum StoreCapability
{
    /// <summary>Atomic multi-document writes (Cosmos: transactional batch). Sign-ups need them.</summary>
    Transactions,

    /// <summary>Ordered and cross-partition queries (Cosmos: ORDER BY, queries over a range of partitions).</summary>
    OrderedQueries,

    /// <summary>The store removes expired items itself (Cosmos: per-item TTL).</summary>
    TimeToLive,

    /// <summary>Aggregate queries (Cosmos: <c>SELECT VALUE COUNT(1)</c>, which needs the service's query plan).</summary>
    Aggregates,
}

/// <summary>Implemented by fixtures whose store (or its local stand-in) lacks some capabilities.</summary>
public interface IStoreCapabilities
{
    /// <returns>Null when the capability is there, otherwise why it is not (the skip reason).</returns>
    string? Missing(StoreCapability capability);

    /// <summary>How long after its expiry an expired item may still be readable (TTL runs on the store's clock).</summary>
    TimeSpan ExpiryLatency { get; }
}

public static class StoreCapabilityExtensions
{
    /// <summary>Skips the running test, with the reason, when the fixture's store lacks the capability.</summary>
    public static void Require(this StoreFixture fixture, StoreCapability capability)
    {
        if (fixture is IStoreCapabilities store && store.Missing(capability) is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    public static TimeSpan ExpiryLatency(this StoreFixture fixture) =>
        fixture is IStoreCapabilities store ? store.ExpiryLatency : TimeSpan.Zero;
}
