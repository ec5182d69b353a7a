using Festa.Core;
using Festa.Core.Members;
using Festa.Cosmos;
using Festa.Cosmos.Connection;
using Festa.Functions.Composition;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Festa.Stores.Tests.Cosmos;

/// <summary>How configuration selects and connects the Cosmos store (no server needed).</summary>
public sealed class CosmosConfigurationTests
{
    private const string RemoteConnection = "AccountEndpoint=https://festa-example.documents.azure.com:443/;AccountKey=a2V5;";

    [Fact]
    public void A_connection_string_or_an_endpoint_with_an_identity_is_read_from_FestaCosmos()
    {
        var keyed = CosmosConnection.From(Configuration(new() { ["FestaCosmos"] = RemoteConnection }));
        Assert.Equal(new Uri("https://festa-example.documents.azure.com:443/"), keyed.Endpoint);

        var identity = CosmosConnection.From(Configuration(new()
        {
            ["FestaCosmos:accountEndpoint"] = "https://festa-example.documents.azure.com:443/",
            ["FestaCosmos:clientId"] = "00000000-0000-0000-0000-000000000001",
        }));
        Assert.Null(identity.ConnectionString);
        Assert.Equal("00000000-0000-0000-0000-000000000001", identity.ClientId);

        Assert.Throws<InvalidOperationException>(() => CosmosConnection.From(Configuration([])));
    }

    [Fact]
    public void The_cosmos_store_is_composed_without_any_storage_account()
    {
        using var services = Compose(new() { ["Festa:Store"] = "Cosmos", ["FestaCosmos"] = RemoteConnection });

        Assert.Equal("cosmos", services.GetRequiredService<Festa.Core.Health.StoreDescription>().Name);
        Assert.NotNull(services.GetRequiredService<IMemberStore>());
        Assert.NotNull(services.GetRequiredService<IStoreInitializer>());
    }

    [Fact]
    public void The_local_test_server_mode_is_refused_for_a_remote_endpoint()
    {
        using var services = Compose(new()
        {
            ["Festa:Store"] = "Cosmos",
            ["FestaCosmos"] = RemoteConnection,
            ["Festa:Cosmos:LocalTestServer"] = "true",
        });

        Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<CosmosClient>());
    }

    [Fact]
    public void The_client_keeps_the_accounts_consistency_level_so_it_cannot_weaken_Strong()
    {
        using var services = Compose(new() { ["Festa:Store"] = "Cosmos", ["FestaCosmos"] = RemoteConnection });

        // Null: every request uses the account default (Strong in infra/bicep); any value here could only weaken it.
        Assert.Null(services.GetRequiredService<CosmosClient>().ClientOptions.ConsistencyLevel);
    }

    [Fact]
    public void Defaults_are_database_festa_created_on_startup_in_direct_mode()
    {
        var options = new CosmosStoreOptions();
        Assert.Equal(("festa", true, ConnectionMode.Direct, false),
            (options.DatabaseName, options.CreateOnStartup, options.ConnectionMode, options.LocalTestServer));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static ServiceProvider Compose(Dictionary<string, string?> values)
    {
        var configuration = Configuration(values);
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddFesta(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
