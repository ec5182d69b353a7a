using System.Reflection;
using System.Runtime.Versioning;
using Festa.Functions.Composition;

namespace Festa.Infra.Tests;

/// <summary>The Flex Consumption plan and the function app's runtime, scale and deployment settings.</summary>
[Collection(BicepOutputsCollection.Name)]
public sealed class FunctionAppTests(BicepOutputs bicep)
{
    [Fact]
    public void Plan_is_Flex_Consumption_on_Linux()
    {
        var plan = bicep.Compiled.SingleOfType("Microsoft.Web/serverfarms");

        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.True((bool)plan["properties"]!["reserved"]!);
        Assert.Equal(bicep.Defaults.IdOf("Microsoft.Web/serverfarms"),
            (string?)bicep.Defaults.SingleOfType("Microsoft.Web/sites")["properties"]!["serverFarmId"]);
    }

    [Fact]
    public void Runtime_is_the_isolated_worker_on_the_projects_dotnet_version()
    {
        // ".NETCoreApp,Version=v10.0" -> "10.0": the app runs on the framework Festa.Functions targets.
        var framework = typeof(FestaServiceCollectionExtensions).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName;
        var version = new FrameworkName(framework).Version.ToString(2);

        var runtime = bicep.Defaults.SingleOfType("Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["runtime"]!;

        Assert.Equal("dotnet-isolated", (string?)runtime["name"]);
        Assert.Equal(version, (string?)runtime["version"]);
    }

    [Fact]
    public void Scale_settings_come_from_the_parameters()
    {
        var defaults = ScaleOf(bicep.Defaults);
        var chosen = ScaleOf(bicep.Cosmos);

        Assert.Equal((2048, 100, 16), defaults);
        Assert.Equal((4096, 200, 8), chosen);
    }

    [Fact]
    public void Always_ready_http_instances_are_off_by_default_and_set_by_the_parameter()
    {
        var defaults = AlwaysReadyOf(bicep.Defaults);
        var chosen = Assert.Single(AlwaysReadyOf(bicep.Cosmos))!;

        Assert.Empty(defaults);
        Assert.Equal("http", (string?)chosen["name"]);
        Assert.Equal(2, (int)chosen["instanceCount"]!);
        Assert.Contains("param httpAlwaysReadyInstances = 0", File.ReadAllText(Path.Combine(BicepCli.TemplatesDirectory, "main.bicepparam")),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Package_deploys_from_a_blob_container_with_the_managed_identity()
    {
        var storage = bicep.Defaults.SingleOfType("Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!;
        var container = (string)bicep.Defaults.SingleOfType("Microsoft.Storage/storageAccounts/blobServices/containers")["name"]!;
        var account = bicep.Defaults.SingleOfType("Microsoft.Storage/storageAccounts");

        Assert.Equal("blobContainer", (string?)storage["type"]);
        Assert.Equal($"[format('{{0}}{{1}}', reference('{account["id"]}', '{account["apiVersion"]}').primaryEndpoints.blob, '{container.Split('/')[^1]}')]",
            (string?)storage["value"]);
        Assert.Equal("UserAssignedIdentity", (string?)storage["authentication"]!["type"]);
        Assert.Equal(bicep.Defaults.IdOf("Microsoft.ManagedIdentity/userAssignedIdentities"),
            (string?)storage["authentication"]!["userAssignedIdentityResourceId"]);
    }

    private static System.Text.Json.Nodes.JsonArray AlwaysReadyOf(Snapshot snapshot) =>
        snapshot.SingleOfType("Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!["alwaysReady"]!.AsArray();

    private static (int MemoryMB, int MaximumInstances, int HttpConcurrency) ScaleOf(Snapshot snapshot)
    {
        var scale = snapshot.SingleOfType("Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!;
        return ((int)scale["instanceMemoryMB"]!, (int)scale["maximumInstanceCount"]!, (int)scale["triggers"]!["http"]!["perInstanceConcurrency"]!);
    }
}
