using Festa.Core.Health;
using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos;

/// <summary>
/// One cheap single-partition query that needs only data-read rights, as the app's identity has in Azure,
/// and the container settings check (<see cref="CosmosContainerCheck"/>: TTL, composite indexes) until it passes.
/// </summary>
internal sealed class CosmosStoreProbe(FestaContainers containers, CosmosContainerCheck check) : IStoreProbe
{
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var query = new QueryDefinition("SELECT VALUE c.id FROM c WHERE c.pk = @pk").WithParameter("@pk", "~health");
            await FestaContainers.QueryAsync(containers.Members, query, "~health", cancellationToken, max: 1);
            return await check.ProblemAsync(cancellationToken);
        }
        catch (CosmosException e)
        {
            return $"Cosmos DB answered {(int)e.StatusCode} ({e.SubStatusCode}).";
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException)
        {
            return "Cosmos DB could not be reached.";
        }
    }
}
