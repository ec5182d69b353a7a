using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos.Connection;

/// <summary>Builds the one <see cref="CosmosClient"/> a process uses (it pools connections and caches routing).</summary>
internal static class CosmosClientFactory
{
    /// <param name="handlers">Extra request handlers (none in production; tests add an RU meter).</param>
    public static CosmosClient Create(CosmosConnection connection, CosmosStoreOptions options, IEnumerable<RequestHandler>? handlers = null)
    {
        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "festa",
            ConnectionMode = options.ConnectionMode,
            UseSystemTextJsonSerializerWithOptions = CosmosJson.Options,

            // ConsistencyLevel stays unset: requests use the account's default (Strong in infra/bicep), so a
            // revoke on one instance is seen by every other. Setting it here could only weaken that.
            ConsistencyLevel = null,

            // Writes answer with headers only (status, ETag, RU charge): nothing reads the echoed body.
            EnableContentResponseOnWrite = false,

            // The SDK retries throttled (429) requests itself; beyond this the request fails as transient (503).
            MaxRetryAttemptsOnRateLimitedRequests = 9,
            MaxRetryWaitTimeOnRateLimitedRequests = TimeSpan.FromSeconds(10),
            RequestTimeout = TimeSpan.FromSeconds(15),
        };

        foreach (var handler in handlers ?? [])
        {
            clientOptions.CustomHandlers.Add(handler);
        }

        if (options.LocalTestServer)
        {
            ConfigureForLocalTestServer(connection.Endpoint, clientOptions);
        }

        return connection.ConnectionString is { } connectionString
            ? new CosmosClient(connectionString, clientOptions)
            : new CosmosClient(connection.Endpoint.AbsoluteUri, connection.CreateCredential(), clientOptions);
    }

    /// <summary>
    /// A local Cosmos-compatible server speaks HTTPS with a self-signed certificate and only the gateway
    /// protocol. Its certificate is accepted for loopback endpoints only, so this can never weaken a real one.
    /// </summary>
    private static void ConfigureForLocalTestServer(Uri endpoint, CosmosClientOptions clientOptions)
    {
        if (!endpoint.IsLoopback)
        {
            throw new InvalidOperationException($"'{CosmosStoreOptions.Section}:LocalTestServer' is only allowed for a loopback endpoint.");
        }

        clientOptions.ConnectionMode = ConnectionMode.Gateway;
        clientOptions.LimitToEndpoint = true;
        clientOptions.HttpClientFactory = () => new HttpClient(new SocketsHttpHandler
        {
            // LimitToEndpoint keeps this client on the loopback endpoint checked above.
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        });
    }
}
