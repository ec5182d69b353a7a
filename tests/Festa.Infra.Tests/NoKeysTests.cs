namespace Festa.Infra.Tests;

/// <summary>
/// No keys anywhere, fixed in the compiled template as literals (no parameter can turn them back on):
/// Storage without shared keys, Cosmos DB and Application Insights without local authentication.
/// </summary>
[Collection(BicepOutputsCollection.Name)]
public sealed class NoKeysTests(BicepOutputs bicep)
{
    [Fact]
    public void Storage_account_refuses_shared_keys_plain_http_and_anonymous_reads()
    {
        var properties = bicep.Compiled.SingleOfType("Microsoft.Storage/storageAccounts")["properties"]!;

        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.True((bool)properties["defaultToOAuthAuthentication"]!);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
        Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
    }

    [Fact]
    public void Cosmos_account_refuses_keys()
    {
        var properties = bicep.Compiled.SingleOfType("Microsoft.DocumentDB/databaseAccounts")["properties"]!;

        Assert.True((bool)properties["disableLocalAuth"]!);
        Assert.True((bool)properties["disableKeyBasedMetadataWriteAccess"]!);
        Assert.Equal("Tls12", (string?)properties["minimalTlsVersion"]);
    }

    [Fact]
    public void Application_Insights_accepts_only_Entra_ID_telemetry_and_logs_to_a_workspace()
    {
        var properties = bicep.Compiled.SingleOfType("Microsoft.Insights/components")["properties"]!;

        Assert.True((bool)properties["DisableLocalAuth"]!);
        Assert.Contains("Microsoft.OperationalInsights/workspaces", (string?)properties["WorkspaceResourceId"], StringComparison.Ordinal);
        Assert.Single(bicep.Compiled.OfType("Microsoft.OperationalInsights/workspaces"));
    }

    [Fact]
    public void Nothing_deployed_carries_a_key_or_connection_string_with_a_secret()
    {
        foreach (var snapshot in new[] { bicep.Defaults, bicep.Cosmos })
        {
            var text = string.Join('\n', snapshot.Resources.Select(r => r.ToJsonString()));
            Assert.DoesNotContain("listKeys", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("AccountKey=", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("InstrumentationKey=", text, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(["UserAssigned"], snapshot.OfType("Microsoft.Web/sites").Select(s => (string?)s["identity"]!["type"]));
        }
    }
}
