using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace Festa.Cosmos.Connection;

/// <summary>
/// How to reach Festa's Cosmos DB account, read from one configuration section in the Azure Functions
/// convention: either the section's value is a connection string (<c>AccountEndpoint=…;AccountKey=…;</c>),
/// or it has an <c>accountEndpoint</c> child and the app authenticates with its managed identity
/// (<c>clientId</c> selects a user-assigned one).
/// </summary>
public sealed record CosmosConnection(string? ConnectionString, Uri? AccountEndpoint, string? ClientId)
{
    public const string SectionName = "FestaCosmos";

    public static CosmosConnection From(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new CosmosConnection(section.Value, null, null);
        }

        return string.IsNullOrWhiteSpace(section["accountEndpoint"])
            ? throw new InvalidOperationException(
                $"Configure '{SectionName}' with a connection string, or '{SectionName}__accountEndpoint' for a managed identity.")
            : new CosmosConnection(null, new Uri(section["accountEndpoint"]!, UriKind.Absolute), section["clientId"]);
    }

    /// <summary>The account endpoint, from the connection string when there is one.</summary>
    public Uri Endpoint => AccountEndpoint ?? EndpointOf(ConnectionString!);

    /// <summary>Entra ID credential for identity-based connections; tries the managed identity first in Azure.</summary>
    public TokenCredential CreateCredential() =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = ClientId });

    private static Uri EndpointOf(string connectionString)
    {
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && part[..eq].Equals("AccountEndpoint", StringComparison.OrdinalIgnoreCase))
            {
                return new Uri(part[(eq + 1)..], UriKind.Absolute);
            }
        }

        throw new InvalidOperationException($"'{SectionName}' has no AccountEndpoint.");
    }
}
