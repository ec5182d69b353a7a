using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace Festa.AzureStorage.Connection;

/// <summary>
/// How to reach Festa's storage account, read from one configuration section in the Azure Functions
/// convention: either the section's value is a connection string (Azurite locally), or it has
/// <c>tableServiceUri</c> / <c>blobServiceUri</c> / <c>queueServiceUri</c> children and the app
/// authenticates with its managed identity (<c>clientId</c> selects a user-assigned one).
/// </summary>
public sealed record StorageConnection(
    string? ConnectionString,
    Uri? TableServiceUri,
    Uri? BlobServiceUri,
    Uri? QueueServiceUri,
    string? ClientId)
{
    /// <summary>The section name; also the <c>Connection</c> of Festa's queue triggers.</summary>
    public const string SectionName = "FestaStorage";

    public static StorageConnection From(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new StorageConnection(section.Value, null, null, null, null);
        }

        var connection = new StorageConnection(null, UriOrNull(section["tableServiceUri"]), UriOrNull(section["blobServiceUri"]),
            UriOrNull(section["queueServiceUri"]), section["clientId"]);
        return connection.TableServiceUri is null && connection.BlobServiceUri is null && connection.QueueServiceUri is null
            ? throw new InvalidOperationException(
                $"Configure '{SectionName}' with a connection string, or '{SectionName}__tableServiceUri', " +
                $"'{SectionName}__blobServiceUri' and '{SectionName}__queueServiceUri' for a managed identity.")
            : connection;
    }

    /// <summary>Entra ID credential for identity-based connections; tries the managed identity first in Azure.</summary>
    public TokenCredential CreateCredential() =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = ClientId });

    public Uri Require(Uri? uri, string name) =>
        uri ?? throw new InvalidOperationException($"'{SectionName}__{name}' is not configured.");

    private static Uri? UriOrNull(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : new Uri(value, UriKind.Absolute);
}
