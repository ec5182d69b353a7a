using Festa.AzureStorage;
using Festa.AzureStorage.Connection;
using Festa.Core;
using Festa.Core.Events.Posters;
using Festa.Cosmos;
using Festa.Functions.Http;
using Festa.Functions.Http.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Festa.Functions.Composition;

/// <summary>The composition root: everything an instance of Festa needs, chosen by configuration.</summary>
public static class FestaServiceCollectionExtensions
{
    public const string StoreKey = "Festa:Store";

    public static IServiceCollection AddFesta(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddFestaCore(configuration);

        var store = configuration[StoreKey] ?? "Table";
        if (store.Equals("Table", StringComparison.OrdinalIgnoreCase))
        {
            services.AddFestaStorageAccount(configuration);
            services.AddFestaTableStore(configuration);
        }
        else if (store.Equals("Cosmos", StringComparison.OrdinalIgnoreCase))
        {
            // Cosmos needs no storage account; one that is configured (queues, blobs) is still registered.
            if (configuration.GetSection(StorageConnection.SectionName).Exists())
            {
                services.AddFestaStorageAccount(configuration);
            }

            services.AddFestaCosmosStore(configuration);
        }
        else
        {
            throw new InvalidOperationException($"'{StoreKey}' must be 'Table' or 'Cosmos', not '{store}'.");
        }

        // Posters need the storage account's blobs; without them (Cosmos alone) the poster routes fail with 500.
        services.TryAddSingleton<IPosterStore, PostersNotConfigured>();

        services.AddOptions<HttpOptions>().Bind(configuration.GetSection(HttpOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JsonBody>();
        services.AddSingleton<SessionTokenReader>();
        services.AddSingleton<SessionCookie>();
        services.AddSingleton<RequestAuthenticator>();
        services.AddSingleton<CrossSiteRequests>();
        services.AddSingleton<ClientAddress>();
        services.AddSingleton<ExceptionBoundary>();
        services.AddSingleton<RateLimitStep>();
        services.AddSingleton<IdempotencyStep>();
        services.AddSingleton<HttpPipeline>();
        return services;
    }
}
