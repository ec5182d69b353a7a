using Festa.Core.Health;
using Festa.Cosmos;
using Festa.TestSupport;
using Microsoft.Azure.Cosmos;

namespace Festa.Stores.Tests.Cosmos;

/// <summary>Start-up/health check of container settings that create-if-missing never fixes on an existing container.</summary>
public sealed class CosmosContainerCheckTests(CosmosStoreFixture fixture) : IClassFixture<CosmosStoreFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void A_container_without_the_TTL_or_composite_indexes_it_needs_is_reported()
    {
        var expected = new ContainerProperties("eventIndex", "/pk") { DefaultTimeToLive = -1 };
        expected.IndexingPolicy.CompositeIndexes.Add([new CompositePath { Path = "/kind" }, new CompositePath { Path = "/id" }]);
        var bare = new ContainerProperties("eventIndex", "/pk");

        var problems = CosmosContainerCheck.Compare(expected, bare).ToList();

        Assert.Equal(2, problems.Count);
        Assert.Contains("no DefaultTimeToLive", problems[0], StringComparison.Ordinal);
        Assert.Contains("(/kind, /id)", problems[1], StringComparison.Ordinal);
        Assert.Empty(CosmosContainerCheck.Compare(expected, expected));
        Assert.Empty(CosmosContainerCheck.Compare(bare, expected)); // more than needed is fine
    }

    [Fact]
    public async Task A_sessions_container_created_without_TTL_makes_the_store_unhealthy_and_is_logged()
    {
        // A container made before TTL was set (or by hand): create-if-missing leaves it as it is.
        var database = TestCosmos.NewDatabaseName();
        var instance = await fixture.StartInstanceAsync(settings =>
        {
            settings["Festa:Cosmos:DatabaseName"] = database;
            settings["Festa:Cosmos:CreateOnStartup"] = "false";
        });
        var containers = instance.Get<FestaContainers>();
        try
        {
            await containers.Client.CreateDatabaseIfNotExistsAsync(database, cancellationToken: Ct);
            foreach (var definition in containers.Definitions)
            {
                await containers.Database.CreateContainerIfNotExistsAsync(
                    definition.Id == "sessions" ? new ContainerProperties("sessions", FestaContainers.PartitionKeyPath) : definition, cancellationToken: Ct);
            }

            var reason = await instance.Get<IStoreProbe>().ProbeAsync(Ct);

            Assert.NotNull(reason);
            Assert.Contains("'sessions' has no DefaultTimeToLive", reason, StringComparison.Ordinal);
            Assert.Contains(instance.Logs.GetSnapshot(), r => r.Message.Contains("'sessions' has no DefaultTimeToLive", StringComparison.Ordinal));
        }
        finally
        {
            await containers.Database.DeleteAsync(cancellationToken: Ct);
        }
    }
}
