using Festa.Core;
using Festa.Core.Auth.Sessions;
using Festa.Core.Events;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Events.Waitlist;
using Festa.Core.Health;
using Festa.Core.Idempotency;
using Festa.Core.Members;
using Festa.Core.Notifications;
using Festa.Core.Notifications.Outbox;
using Festa.Core.RateLimiting;
using Festa.Cosmos.Connection;
using Festa.Cosmos.Events;
using Festa.Cosmos.Idempotency;
using Festa.Cosmos.Members;
using Festa.Cosmos.Notifications;
using Festa.Cosmos.Outbox;
using Festa.Cosmos.RateLimits;
using Festa.Cosmos.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Festa.Cosmos;

public static class CosmosServiceCollectionExtensions
{
    /// <summary>Azure Cosmos DB for NoSQL as Festa's store: every store port on one account's containers.</summary>
    public static IServiceCollection AddFestaCosmosStore(this IServiceCollection services, IConfiguration configuration)
    {
        var connection = CosmosConnection.From(configuration);
        services.AddSingleton(connection);
        services.AddOptions<CosmosStoreOptions>().Bind(configuration.GetSection(CosmosStoreOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();

        // One client per process: it owns the connection pool and the routing caches.
        services.AddSingleton(sp => CosmosClientFactory.Create(connection, sp.GetRequiredService<IOptions<CosmosStoreOptions>>().Value,
            sp.GetServices<Microsoft.Azure.Cosmos.RequestHandler>()));
        services.AddSingleton<FestaContainers>();
        services.AddSingleton<CosmosContainerCheck>();
        services.AddSingleton<IStoreInitializer, CosmosStoreInitializer>();
        services.AddSingleton<IStoreProbe, CosmosStoreProbe>();
        services.AddSingleton<ITransientFailureClassifier, CosmosTransientFailureClassifier>();
        services.AddSingleton(new StoreDescription("cosmos"));
        services.AddSingleton<IMemberStore, CosmosMemberStore>();
        services.AddSingleton<ISessionStore, CosmosSessionStore>();
        services.AddSingleton<CosmosEventStore>();
        services.AddSingleton<IEventStore>(sp => ActivatorUtilities.CreateInstance<PromoteOnCapacityRaise>(sp, sp.GetRequiredService<CosmosEventStore>()));
        services.AddSingleton<ISeatLedger, CosmosSeatLedger>();
        services.AddSingleton<INotificationStore, CosmosNotificationStore>();
        services.AddSingleton<IOutboxStore, CosmosOutboxStore>();
        services.AddSingleton<IRateLimitStore, CosmosRateLimitStore>();
        services.AddSingleton<IIdempotencyStore, CosmosIdempotencyStore>();
        return services;
    }
}
