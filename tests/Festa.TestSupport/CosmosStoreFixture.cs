using Festa.Cosmos;

namespace Festa.TestSupport;

/// <summary>
/// Cosmos DB, with a database of this fixture's own: a real account when one is configured, else the
/// local test server (see <see cref="TestCosmos"/>), whose missing capabilities skip the tests needing them.
/// </summary>
public sealed class CosmosStoreFixture : StoreFixture, IStoreCapabilities
{
    private readonly string _database = TestCosmos.NewDatabaseName();

    public override string StoreName => "cosmos";

    /// <summary>Cosmos stops returning an item once its TTL has passed; TTL counts whole seconds from the last write.</summary>
    public TimeSpan ExpiryLatency => TimeSpan.FromSeconds(5);

    public string? Missing(StoreCapability capability) => TestCosmos.Missing(capability);

    public override Dictionary<string, string?> Settings() => TestCosmos.Settings(_database);

    protected override async Task CleanUpAsync() => await Instance.Get<FestaContainers>().Database.DeleteAsync();
}
