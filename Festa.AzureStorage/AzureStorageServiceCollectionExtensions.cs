using Azure.Core;
using Festa.AzureStorage.Connection;
using Festa.AzureStorage.Tables;
using Festa.AzureStorage.Tables.Events;
using Festa.AzureStorage.Tables.Members;
using Festa.AzureStorage.Tables.Sessions;
using Festa.Core;
using Festa.Core.Auth.Sessions;
using Festa.Core.Events;
using Festa.Core.Health;
using Festa.Core.Members;
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
            }
            else
            {
                clients.AddTableServiceClient(connection.Require(connection.TableServiceUri, "tableServiceUri"));
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
        return services;
    }

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
        services.AddSingleton<IEventStore, TableEventStore>();
        services.AddSingleton<SeatWriterBulkhead>();
        services.AddSingleton<ISignUpStore, TableSignUpStore>();
        return services;
    }
}
