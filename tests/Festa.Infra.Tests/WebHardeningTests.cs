using System.Text.Json.Nodes;

namespace Festa.Infra.Tests;

/// <summary>HTTPS only, TLS 1.2, no FTP, no publishing passwords, CORS from a parameter.</summary>
[Collection(BicepOutputsCollection.Name)]
public sealed class WebHardeningTests(BicepOutputs bicep)
{
    [Fact]
    public void Site_is_HTTPS_only_with_TLS_1_2_and_no_FTP()
    {
        var properties = bicep.Compiled.SingleOfType("Microsoft.Web/sites")["properties"]!;

        Assert.True((bool)properties["httpsOnly"]!);
        Assert.Equal("1.2", (string?)properties["siteConfig"]!["minTlsVersion"]);
        Assert.Equal("1.2", (string?)properties["siteConfig"]!["scmMinTlsVersion"]);
        Assert.Equal("Disabled", (string?)properties["siteConfig"]!["ftpsState"]);
    }

    [Fact]
    public void Basic_publishing_credentials_are_off_for_ftp_and_scm()
    {
        var policies = bicep.Defaults.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");

        Assert.Equal(["ftp", "scm"], policies.Select(p => ((string)p["name"]!).Split('/')[^1]).Order(StringComparer.Ordinal));
        Assert.All(policies, p => Assert.False((bool)p["properties"]!["allow"]!));
    }

    [Fact]
    public void Cors_origins_are_a_parameter()
    {
        Assert.Equal("array", (string?)bicep.Compiled.Parameters["corsAllowedOrigins"]!["type"]);

        Assert.Equal([], Cors(bicep.Defaults)["allowedOrigins"]!.AsArray().Select(o => (string?)o));
        Assert.False((bool)Cors(bicep.Defaults)["supportCredentials"]!);
        Assert.Equal(["https://festa.example.org"], Cors(bicep.Cosmos)["allowedOrigins"]!.AsArray().Select(o => (string?)o));
        Assert.True((bool)Cors(bicep.Cosmos)["supportCredentials"]!);
    }

    private static JsonNode Cors(Snapshot snapshot) =>
        snapshot.SingleOfType("Microsoft.Web/sites")["properties"]!["siteConfig"]!["cors"]!;
}
