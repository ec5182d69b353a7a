using Festa.Core;
using Microsoft.Extensions.Options;

namespace Festa.Cosmos;

/// <summary>Creates the database and any missing container, so a fresh account (or test server) works.</summary>
internal sealed class CosmosStoreInitializer(FestaContainers containers, IOptions<CosmosStoreOptions> options) : IStoreInitializer
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.CreateOnStartup)
        {
            return;
        }

        // No throughput is set: serverless accounts allow none, provisioned ones apply their default.
        await containers.Client.CreateDatabaseIfNotExistsAsync(containers.Database.Id, cancellationToken: cancellationToken);
        foreach (var definition in containers.Definitions)
        {
            await containers.Database.CreateContainerIfNotExistsAsync(definition, cancellationToken: cancellationToken);
        }
    }
}
