using Festa.AzureStorage.Connection;
using Festa.AzureStorage.Queues;
using Festa.AzureStorage.Tables;
using Festa.Functions.Composition;
using Festa.Functions.Http;
using Festa.Functions.Notifications;

namespace Festa.Infra.Tests;

/// <summary>
/// The app settings Festa needs in Azure, derived from the configuration keys the code reads
/// (<c>:</c> in .NET configuration is <c>__</c> in an app setting).
/// </summary>
internal static class AppSettingKeys
{
    public static string Of(string configurationKey) => configurationKey.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>The Functions host's own storage, as an identity-based connection.</summary>
    public static readonly string[] Host =
    [
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];

    /// <summary>Read whichever store is configured: Festa's storage connection, the store choice, the table prefix.</summary>
    public static readonly string[] Festa =
    [
        Of($"{StorageConnection.SectionName}:credential"),
        Of($"{StorageConnection.SectionName}:clientId"),
        Of($"{StorageConnection.SectionName}:blobServiceUri"),
        Of($"{StorageConnection.SectionName}:queueServiceUri"),
        Of($"{StorageConnection.SectionName}:tableServiceUri"),
        Of(FestaServiceCollectionExtensions.StoreKey),
        Of($"{TableStoreOptions.Section}:{nameof(TableStoreOptions.TablePrefix)}"),
        Of($"{TableStoreOptions.Section}:{nameof(TableStoreOptions.CreateTablesOnStartup)}"),
        Of(QueueNames.EventChangesKey),
        Of(QueueNames.CreateOnStartupKey),
        Of(SendStartsTodayRemindersFunction.ScheduleKey),
        Of($"{HttpOptions.Section}:{nameof(HttpOptions.TrustForwardedFor)}"),
    ];

    /// <summary>One setting per CORS origin (Festa:Http:AllowedOrigins:{i}), when the deployment lists any.</summary>
    public static string[] AllowedOrigins(int count) =>
        [.. Enumerable.Range(0, count).Select(i => Of($"{HttpOptions.Section}:{nameof(HttpOptions.AllowedOrigins)}:{i}"))];

    /// <summary>Read by the Cosmos DB store (issue 4): its identity-based connection and database.</summary>
    public static readonly string[] Cosmos =
    [
        "FestaCosmos__accountEndpoint",
        "FestaCosmos__clientId",
        "Festa__Cosmos__DatabaseName",
        "Festa__Cosmos__CreateOnStartup",
    ];

    /// <summary>Flex Consumption refuses these: the runtime and its version live in functionAppConfig.</summary>
    public static readonly string[] RejectedByFlexConsumption =
    [
        "FUNCTIONS_WORKER_RUNTIME",
        "FUNCTIONS_EXTENSION_VERSION",
        "WEBSITE_RUN_FROM_PACKAGE",
        "AzureWebJobsStorage",
    ];
}
