using System.Text.RegularExpressions;
using Festa.AzureStorage.Connection;
using Festa.AzureStorage.Queues;
using Festa.Functions.Composition;
using Festa.Functions.Http;
using Microsoft.Extensions.Configuration;

namespace Festa.Infra.Tests;

/// <summary>The function app's settings are exactly the keys the code and the host read, all identity-based.</summary>
[Collection(BicepOutputsCollection.Name)]
public sealed partial class AppSettingsTests(BicepOutputs bicep)
{
    [Fact]
    public void Table_store_gets_the_host_and_Festa_settings_and_nothing_else()
    {
        var settings = bicep.Defaults.AppSettings;

        Assert.Equal(Sorted([.. AppSettingKeys.Host, .. AppSettingKeys.Festa]), Sorted(settings.Keys));
        Assert.Equal("Table", settings[AppSettingKeys.Of(FestaServiceCollectionExtensions.StoreKey)]);
        Assert.Equal("Festa", settings["Festa__Table__TablePrefix"]);
        Assert.Equal("false", settings["Festa__Table__CreateTablesOnStartup"]); // the template creates them
        Assert.Equal("false", settings[AppSettingKeys.Of(QueueNames.CreateOnStartupKey)]); // and the event-change queue
        Assert.Equal("true", settings["Festa__Http__TrustForwardedFor"]); // Azure's front end writes X-Forwarded-For
    }

    [Fact]
    public void Cosmos_store_adds_its_endpoint_identity_and_database()
    {
        var settings = bicep.Cosmos.AppSettings;
        var account = bicep.Cosmos.SingleOfType("Microsoft.DocumentDB/databaseAccounts");

        Assert.Equal(Sorted([.. AppSettingKeys.Host, .. AppSettingKeys.Festa, .. AppSettingKeys.Cosmos, .. AppSettingKeys.AllowedOrigins(1)]),
            Sorted(settings.Keys));
        Assert.Equal("Cosmos", settings[AppSettingKeys.Of(FestaServiceCollectionExtensions.StoreKey)]);
        Assert.Contains($"reference('{account["id"]}', '{account["apiVersion"]}').documentEndpoint", settings["FestaCosmos__accountEndpoint"], StringComparison.Ordinal);
        Assert.Equal("festa", settings["Festa__Cosmos__DatabaseName"]);
        Assert.Equal("false", settings["Festa__Cosmos__CreateOnStartup"]);
    }

    [Fact]
    public void The_cors_origins_are_the_origins_allowed_to_use_the_session_cookie()
    {
        var none = AsConfiguration(bicep.Defaults.AppSettings).GetSection(HttpOptions.Section).Get<HttpOptions>()!;
        var one = AsConfiguration(bicep.Cosmos.AppSettings).GetSection(HttpOptions.Section).Get<HttpOptions>()!;

        Assert.Empty(none.AllowedOrigins);
        Assert.Equal(["https://festa.example.org"], one.AllowedOrigins);
        var cors = bicep.Cosmos.SingleOfType("Microsoft.Web/sites")["properties"]!["siteConfig"]!["cors"]!["allowedOrigins"]!.AsArray();
        Assert.Equal(cors.Select(o => (string)o!), one.AllowedOrigins);
    }

    [Fact]
    public void Every_connection_authenticates_as_the_managed_identity()
    {
        foreach (var snapshot in new[] { bicep.Defaults, bicep.Cosmos })
        {
            var settings = snapshot.AppSettings;
            var clientId = $"[{snapshot.IdentityReference("clientId")}]";
            var insights = snapshot.SingleOfType("Microsoft.Insights/components");

            Assert.All(settings.Where(s => s.Key.EndsWith("__credential", StringComparison.Ordinal)), s => Assert.Equal("managedidentity", s.Value));
            Assert.All(settings.Where(s => s.Key.EndsWith("__clientId", StringComparison.Ordinal)), s => Assert.Equal(clientId, s.Value));
            Assert.Equal($"[format('ClientId={{0}};Authorization=AAD', {snapshot.IdentityReference("clientId")})]",
                settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
            Assert.Equal($"[reference('{insights["id"]}', '{insights["apiVersion"]}').ConnectionString]",
                settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        }
    }

    [Fact]
    public void Festas_storage_connection_reads_each_service_endpoint_from_its_setting()
    {
        var configuration = AsConfiguration(bicep.Defaults.AppSettings);

        var connection = StorageConnection.From(configuration);

        Assert.Null(connection.ConnectionString);
        Assert.Equal("https://table.example/", connection.TableServiceUri?.ToString());
        Assert.Equal("https://blob.example/", connection.BlobServiceUri?.ToString());
        Assert.Equal("https://queue.example/", connection.QueueServiceUri?.ToString());
        Assert.Equal("client-id", connection.ClientId);
    }

    [Fact]
    public void Settings_Flex_Consumption_rejects_are_absent()
    {
        foreach (var snapshot in new[] { bicep.Defaults, bicep.Cosmos })
        {
            Assert.Empty(snapshot.AppSettings.Keys.Intersect(AppSettingKeys.RejectedByFlexConsumption, StringComparer.OrdinalIgnoreCase));
        }
    }

    private static List<string> Sorted(IEnumerable<string> keys) => [.. keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// The settings as the app would see them, with each value Azure fills in at deployment replaced by a
    /// stand-in: a storage endpoint by https://{service}.example/, the identity's client id by "client-id".
    /// </summary>
    private static IConfiguration AsConfiguration(IReadOnlyDictionary<string, string> settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create<string, string?>(s.Key.Replace("__", ":", StringComparison.Ordinal), StandIn(s.Value))))
            .Build();

    private static string StandIn(string value)
    {
        if (Endpoint().Match(value) is { Success: true } endpoint)
        {
            return $"https://{endpoint.Groups["service"].Value}.example/";
        }

        return value.EndsWith(".clientId]", StringComparison.Ordinal) ? "client-id" : value;
    }

    [GeneratedRegex(@"^\[reference\('[^']+', '[^']+'\)\.primaryEndpoints\.(?<service>blob|queue|table)\]$")]
    private static partial Regex Endpoint();
}
