using System.ComponentModel.DataAnnotations;
using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos;

/// <summary>Configuration section <c>Festa:Cosmos</c>.</summary>
public sealed class CosmosStoreOptions
{
    public const string Section = "Festa:Cosmos";

    /// <summary>The database holding Festa's containers; several deployments (or test runs) can share an account.</summary>
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")]
    public string DatabaseName { get; set; } = "festa";

    /// <summary>Create the database and missing containers (with their TTL settings) at startup.</summary>
    public bool CreateOnStartup { get; set; } = true;

    /// <summary>Direct (TCP, the default and cheapest in Azure) or Gateway (HTTPS only: local servers, strict firewalls).</summary>
    public ConnectionMode ConnectionMode { get; set; } = ConnectionMode.Direct;

    /// <summary>
    /// Test-only: talk to a local Cosmos-compatible server on a loopback address (self-signed certificate,
    /// gateway only, answers 500 instead of 404 for a missing item: only that error reads as missing, see
    /// <see cref="Connection.LocalTestServerErrors"/>). Refused for any other endpoint.
    /// </summary>
    public bool LocalTestServer { get; set; }
}
