using Azure.Data.Tables;
using Festa.AzureStorage.Tables;
using Festa.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace Festa.Infra.Tests;

/// <summary>The store chosen by the <c>store</c> parameter: Festa's tables, or a serverless Cosmos DB for NoSQL.</summary>
[Collection(BicepOutputsCollection.Name)]
public sealed class StoreResourcesTests(BicepOutputs bicep)
{
    /// <summary>"Festa:Table:TablePrefix" ("Festa") + each table the Table store keeps.</summary>
    private static readonly string[] Tables =
    [
        "FestaMembers", "FestaSessions", "FestaMemberSessions", "FestaEvents", "FestaEventListing",
        "FestaMemberSignups", "FestaEventTitles", "FestaNotifications", "FestaRateLimits", "FestaIdempotency",
    ];

    private static readonly string[] CosmosContainers = ["members", "sessions", "events", "eventIndex", "notifications", "rateLimits", "idempotency"];

    [Fact]
    public void Table_store_declares_Festas_tables_and_no_Cosmos_account()
    {
        var tables = bicep.Defaults.OfType("Microsoft.Storage/storageAccounts/tableServices/tables");

        Assert.Equal(Tables.Order(StringComparer.Ordinal), tables.Select(t => ((string)t["name"]!).Split('/')[^1]).Order(StringComparer.Ordinal));
        Assert.Empty(bicep.Defaults.OfType("Microsoft.DocumentDB/databaseAccounts"));
    }

    [Fact]
    public void Every_table_the_Table_store_opens_is_declared()
    {
        var options = new TableStoreOptions { TablePrefix = bicep.Defaults.AppSettings["Festa__Table__TablePrefix"] };
        var code = new FestaTables(new TableServiceClient("UseDevelopmentStorage=true"), Options.Create(options));
        var declared = bicep.Defaults.OfType("Microsoft.Storage/storageAccounts/tableServices/tables").Select(t => ((string)t["name"]!).Split('/')[^1]);

        Assert.Empty(code.All.Select(t => t.Name).Except(declared, StringComparer.Ordinal));
    }

    [Fact]
    public void Cosmos_store_is_serverless_with_festas_containers_and_no_tables()
    {
        var account = bicep.Cosmos.SingleOfType("Microsoft.DocumentDB/databaseAccounts");
        var database = bicep.Cosmos.SingleOfType("Microsoft.DocumentDB/databaseAccounts/sqlDatabases");
        var containers = bicep.Cosmos.OfType("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers");

        Assert.Equal(["EnableServerless"], account["properties"]!["capabilities"]!.AsArray().Select(c => (string?)c!["name"]));
        Assert.Equal("festa", (string?)database["properties"]!["resource"]!["id"]);
        Assert.Equal(CosmosContainers.Order(StringComparer.Ordinal), containers.Select(c => (string)c["properties"]!["resource"]!["id"]!).Order(StringComparer.Ordinal));
        Assert.All(containers, c => Assert.Equal(["/pk"], c["properties"]!["resource"]!["partitionKey"]!["paths"]!.AsArray().Select(p => (string?)p)));
        Assert.Empty(bicep.Cosmos.OfType("Microsoft.Storage/storageAccounts/tableServices/tables"));
    }

    [Fact]
    public void Cosmos_account_is_single_region_with_Strong_consistency_so_a_revoke_is_seen_by_every_instance()
    {
        var account = bicep.Cosmos.SingleOfType("Microsoft.DocumentDB/databaseAccounts");
        var properties = account["properties"]!;

        // Strong is only cheap (no cross-region commit) with one region; Session would be per client only.
        Assert.Equal("Strong", (string?)properties["consistencyPolicy"]!["defaultConsistencyLevel"]);
        Assert.Single(properties["locations"]!.AsArray());
        Assert.NotEqual(true, (bool?)properties["enableMultipleWriteLocations"]);
    }

    [Fact]
    public void Sessions_and_rate_limit_containers_have_TTL_on_so_each_item_expires_by_its_own_ttl()
    {
        var containers = bicep.Cosmos.OfType("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers")
            .ToDictionary(c => (string)c["properties"]!["resource"]!["id"]!, c => c["properties"]!["resource"]!["defaultTtl"]);
        string[] withTtl = ["sessions", "rateLimits", "idempotency"];

        Assert.All(withTtl, name => Assert.Equal(-1, (int?)containers[name]));
        Assert.All(containers.Where(c => !withTtl.Contains(c.Key)), c => Assert.Null(c.Value));
    }

    [Fact]
    public void Cosmos_containers_declare_the_composite_indexes_and_TTL_the_code_defines()
    {
        using var client = new CosmosClient("AccountEndpoint=https://festa-example.documents.azure.com:443/;AccountKey=a2V5;");
        var code = new FestaContainers(client, Options.Create(new CosmosStoreOptions())).Definitions.ToDictionary(d => d.Id);
        var declared = bicep.Cosmos.OfType("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers")
            .ToDictionary(c => (string)c["properties"]!["resource"]!["id"]!, c => c["properties"]!["resource"]!);

        foreach (var (id, definition) in code)
        {
            var expected = definition.IndexingPolicy.CompositeIndexes
                .Select(index => string.Join(",", index.Select(p => $"{p.Path} {p.Order}".ToLowerInvariant())));
            var actual = (declared[id]["indexingPolicy"]?["compositeIndexes"]?.AsArray() ?? [])
                .Select(index => string.Join(",", index!.AsArray().Select(p => $"{(string?)p!["path"]} {(string?)p["order"]}".ToLowerInvariant())));
            Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
            Assert.Equal(definition.DefaultTimeToLive, (int?)declared[id]["defaultTtl"]);
        }

        // The listing's eight ORDER BYs: kind, any subset of category/cityKey/districtKey, id.
        Assert.Equal(8, code["eventIndex"].IndexingPolicy.CompositeIndexes.Count);
    }

    [Fact]
    public void Outputs_name_the_app_its_url_and_the_store_endpoint()
    {
        var storage = bicep.Defaults.SingleOfType("Microsoft.Storage/storageAccounts");
        var cosmos = bicep.Cosmos.SingleOfType("Microsoft.DocumentDB/databaseAccounts");

        foreach (var snapshot in new[] { bicep.Defaults, bicep.Cosmos })
        {
            var site = snapshot.SingleOfType("Microsoft.Web/sites");
            Assert.Equal((string?)site["name"], (string?)snapshot.Outputs["functionAppName"]);
            Assert.Equal($"[format('https://{{0}}', reference('{site["id"]}', '{site["apiVersion"]}').defaultHostName)]",
                (string?)snapshot.Outputs["functionAppUrl"]);
        }

        Assert.Equal($"[reference('{storage["id"]}', '{storage["apiVersion"]}').primaryEndpoints.table]", (string?)bicep.Defaults.Outputs["storeEndpoint"]);
        Assert.Contains($"reference('{cosmos["id"]}', '{cosmos["apiVersion"]}').documentEndpoint", (string?)bicep.Cosmos.Outputs["storeEndpoint"], StringComparison.Ordinal);
    }
}
