using System.Text.Json.Nodes;

namespace Festa.Infra.Tests;

/// <summary>Least-privilege data roles for the app's identity (and optionally a developer), named guid(scope, principal, role).</summary>
[Collection(BicepOutputsCollection.Name)]
public sealed class RoleAssignmentTests(BicepOutputs bicep)
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string CosmosBuiltInDataContributor = "00000000-0000-0000-0000-000000000002";

    [Fact]
    public void Every_role_assignment_is_named_guid_of_scope_principal_and_role()
    {
        var azure = bicep.Compiled.OfType("Microsoft.Authorization/roleAssignments");
        var cosmos = bicep.Compiled.OfType("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments");

        Assert.Equal(3, azure.Count); // Application Insights; storage for the identity and for a developer
        Assert.Equal(2, cosmos.Count); // Cosmos DB for the identity and for a developer
        Assert.All(azure, r => Assert.Equal($"[{GuidOf(r["scope"], r)}]", (string?)r["name"]));
        Assert.All(cosmos, r => Assert.EndsWith($", {GuidOf(r["properties"]!["scope"], r)})]", (string?)r["name"], StringComparison.Ordinal));
    }

    [Fact]
    public void App_identity_gets_blob_queue_and_table_data_roles_and_metrics_publisher()
    {
        var snapshot = bicep.Defaults;
        var identity = $"[{snapshot.IdentityReference("principalId")}]";
        var storage = snapshot.IdOf("Microsoft.Storage/storageAccounts");
        var insights = snapshot.IdOf("Microsoft.Insights/components");

        var assignments = snapshot.OfType("Microsoft.Authorization/roleAssignments");

        Assert.All(assignments, a => Assert.Equal(identity, (string?)a["properties"]!["principalId"]));
        Assert.All(assignments, a => Assert.Equal("ServicePrincipal", (string?)a["properties"]!["principalType"]));
        Assert.Equal(
            Sorted([(storage, StorageBlobDataOwner), (storage, StorageQueueDataContributor), (storage, StorageTableDataContributor), (insights, MonitoringMetricsPublisher)]),
            Sorted(assignments.Select(a => (Snapshot.ScopeOf(a), RoleOf(a)))));
        Assert.Empty(snapshot.OfType("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments"));
    }

    [Fact]
    public void Developer_principal_gets_the_same_data_roles()
    {
        var snapshot = bicep.Cosmos;
        var storage = snapshot.IdOf("Microsoft.Storage/storageAccounts");

        var developer = snapshot.OfType("Microsoft.Authorization/roleAssignments")
            .Where(a => (string?)a["properties"]!["principalId"] == BicepOutputs.DeveloperPrincipalId).ToList();

        Assert.All(developer, a => Assert.Equal("User", (string?)a["properties"]!["principalType"]));
        Assert.Equal(
            Sorted([(storage, StorageBlobDataOwner), (storage, StorageQueueDataContributor), (storage, StorageTableDataContributor)]),
            Sorted(developer.Select(a => (Snapshot.ScopeOf(a), RoleOf(a)))));
    }

    [Fact]
    public void Cosmos_data_contributor_goes_to_the_identity_and_the_developer()
    {
        var snapshot = bicep.Cosmos;
        var account = snapshot.IdOf("Microsoft.DocumentDB/databaseAccounts");

        var assignments = snapshot.OfType("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments");

        Assert.Equal(
            Sorted([$"[{snapshot.IdentityReference("principalId")}]", BicepOutputs.DeveloperPrincipalId]),
            Sorted(assignments.Select(a => (string)a["properties"]!["principalId"]!)));
        Assert.All(assignments, a =>
        {
            Assert.Equal(account, (string?)a["properties"]!["scope"]);
            Assert.Equal($"{account}/sqlRoleDefinitions/{CosmosBuiltInDataContributor}", (string?)a["properties"]!["roleDefinitionId"]);
        });
    }

    /// <summary><c>guid(scope, principalId, roleDefinitionId)</c> with the assignment's own expressions.</summary>
    private static string GuidOf(JsonNode? scope, JsonObject assignment) =>
        $"guid({ArmTemplate.Inner(scope)}, {ArmTemplate.Inner(assignment["properties"]!["principalId"])}, " +
        $"{ArmTemplate.Inner(assignment["properties"]!["roleDefinitionId"])})";

    private static string RoleOf(JsonObject assignment) => ((string)assignment["properties"]!["roleDefinitionId"]!).Split('/')[^1];

    private static List<T> Sorted<T>(IEnumerable<T> items) => [.. items.Order()];
}
