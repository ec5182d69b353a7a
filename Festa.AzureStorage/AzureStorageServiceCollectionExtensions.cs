using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Festa.AzureStorage.Blobs;
using Festa.AzureStorage.Connection;
using Festa.AzureStorage.Queues;
using Festa.AzureStorage.Tables;
using Festa.AzureStorage.Tables.Events;
using Festa.AzureStorage.Tables.Idempotency;
using Festa.AzureStorage.Tables.Members;
using Festa.AzureStorage.Tables.Notifications;
using Festa.AzureStorage.Tables.Outbox;
using Festa.AzureStorage.Tables.RateLimits;
using Festa.AzureStorage.Tables.Sessions;
using Festa.Core;
using Festa.Core.Auth.Sessions;
using Festa.Core.Events;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Events.Waitlist;
using Festa.Core.Events.Posters;
using Festa.Core.Health;
using Festa.Core.Idempotency;
using Festa.Core.Members;
using Festa.Core.Notifications;
using Festa.Core.Notifications.Outbox;
using Festa.Core.RateLimiting;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Festa.AzureStorage;

public static class AzureStorageServiceCollectionExtensions
{
    /// <summary>Registers the storage account's clients once, with the Azure SDK's retry policy.</summary>
    public static IServiceCollection AddFestaStorageAccount(this IServiceCollection services, IConfiguration configuration)
    {
        var connection = StorageConnection.From(configuration);
        services.AddSingleton(connection);
        services.AddAzureClients(clients =>
        {
            if (connection.ConnectionString is { } connectionString)
            {
                clients.AddTableServiceClient(connectionString);
                clients.AddQueueServiceClient(connectionString).ConfigureOptions(QueueOptions);
                clients.AddBlobServiceClient(connectionString);
            }
            else
            {
                clients.AddTableServiceClient(connection.Require(connection.TableServiceUri, "tableServiceUri"));
                if (connection.BlobServiceUri is { } blobServiceUri)
                {
                    clients.AddBlobServiceClient(blobServiceUri);
                }

                if (connection.QueueServiceUri is { } queueServiceUri)
                {
                    clients.AddQueueServiceClient(queueServiceUri).ConfigureOptions(QueueOptions);
                }

                clients.UseCredential(connection.CreateCredential());
            }

            clients.ConfigureDefaults(options =>
            {
                options.Retry.Mode = RetryMode.Exponential;
                options.Retry.MaxRetries = 4;
                options.Retry.Delay = TimeSpan.FromMilliseconds(100);
                options.Retry.MaxDelay = TimeSpan.FromSeconds(4);
                options.Retry.NetworkTimeout = TimeSpan.FromSeconds(15);
            });
        });

        // Event posters live in Blob Storage whichever store holds the rest.
        if (connection.ConnectionString is not null || connection.BlobServiceUri is not null)
        {
            var posterContainer = BlobStoreOptions.PosterContainerName(configuration);
            services.AddSingleton<IPosterStore>(provider =>
                new BlobPosterStore(provider.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(posterContainer)));
        }

        // Event changes go to a queue for the fan-out into inboxes, whichever store holds those.
        if (connection.ConnectionString is not null || connection.QueueServiceUri is not null)
        {
            var queueName = QueueNames.EventChanges(configuration);
            services.AddSingleton(provider =>
                new QueueEventChangePublisher(provider.GetRequiredService<QueueServiceClient>().GetQueueClient(queueName)));
            services.AddSingleton<IEventChangePublisher>(provider => provider.GetRequiredService<QueueEventChangePublisher>());
            var createOnStartup = QueueNames.CreateOnStartup(configuration);
            services.AddSingleton(provider =>
                new EventChangeQueueInitializer(provider.GetRequiredService<QueueEventChangePublisher>(), createOnStartup));
        }

        return services;
    }

    /// <summary>Base64, as the Functions queue extension reads messages by default.</summary>
    private static void QueueOptions(QueueClientOptions options) => options.MessageEncoding = QueueMessageEncoding.Base64;

    /// <summary>Table Storage as Festa's store: every store port implemented on tables.</summary>
    public static IServiceCollection AddFestaTableStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TableStoreOptions>().Bind(configuration.GetSection(TableStoreOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FestaTables>();
        services.AddSingleton<IStoreInitializer, TableStoreInitializer>();
        services.AddSingleton<IStoreProbe, TableStoreProbe>();
        services.AddSingleton<ITransientFailureClassifier, TableTransientFailureClassifier>();
        services.AddSingleton(new StoreDescription("table"));
        services.AddSingleton<IMemberStore, TableMemberStore>();
        services.AddSingleton<ISessionStore, TableSessionStore>();
        services.AddSingleton<TableEventStore>();
        services.AddSingleton<IEventStore>(sp => ActivatorUtilities.CreateInstance<PromoteOnCapacityRaise>(sp, sp.GetRequiredService<TableEventStore>()));
        services.AddSingleton<TableSeatLedger>();
        services.AddSingleton<ISeatLedger>(sp => sp.GetRequiredService<TableSeatLedger>());
        services.AddSingleton<ISignUpGate>(sp => sp.GetRequiredService<TableSeatLedger>());
        services.AddSingleton<INotificationStore, TableNotificationStore>();
        services.AddSingleton<IOutboxStore, TableOutboxStore>();
        services.AddSingleton<IRateLimitStore, TableRateLimitStore>();
        services.AddSingleton<IIdempotencyStore, TableIdempotencyStore>();
        return services;
    }
}
