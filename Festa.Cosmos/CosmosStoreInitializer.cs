using Festa.Core;
using Microsoft.Extensions.Options;

namespace Festa.Cosmos;

/// <summary>
/// Creates the database and any missing container where configured (a fresh account or test server), then
/// checks that every container has the settings Festa needs (<see cref="CosmosContainerCheck"/>, logged).
/// </summary>
internal sealed class CosmosStoreInitializer(FestaContainers containers, CosmosContainerCheck check, IOptions<CosmosStoreOptions> options)
    : IStoreInitializer
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (options.Value.CreateOnStartup)
        {
            // No throughput is set: serverless accounts allow none, provisioned ones apply their default.
            await containers.Client.CreateDatabaseIfNotExistsAsync(containers.Database.Id, cancellationToken: cancellationToken);
            foreach (var definition in containers.Definitions)
            {
                await containers.Database.CreateContainerIfNotExistsAsync(definition, cancellationToken: cancellationToken);
            }
        }

        await check.ProblemAsync(cancellationToken);
    }
}
