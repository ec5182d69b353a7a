namespace Festa.Infra.Tests;

/// <summary>The offline prediction of a deployment works for both stores, with nothing left to warn about.</summary>
[Collection(BicepOutputsCollection.Name)]
public sealed class PredictionTests(BicepOutputs bicep)
{
    private static readonly string[] Always =
    [
        "Microsoft.ManagedIdentity/userAssignedIdentities",
        "Microsoft.OperationalInsights/workspaces",
        "Microsoft.Insights/components",
        "Microsoft.Storage/storageAccounts",
        "Microsoft.Storage/storageAccounts/blobServices/containers",
        "Microsoft.Web/serverfarms",
        "Microsoft.Web/sites",
        "Microsoft.Web/sites/config",
    ];

    [Fact]
    public void Both_snapshots_predict_every_resource_without_diagnostics()
    {
        foreach (var snapshot in new[] { bicep.Defaults, bicep.Cosmos })
        {
            Assert.Empty(snapshot.Diagnostics);
            Assert.All(Always, type => Assert.Single(snapshot.OfType(type)));
        }
    }
}
