namespace Festa.TestSupport;

/// <summary>
/// Where the Cosmos store's tests run. A real account when <c>FESTA_COSMOS_ENDPOINT</c> and
/// <c>FESTA_COSMOS_KEY</c> are set (every test runs); otherwise the local test server that test.sh starts
/// (<c>FESTA_TEST_COSMOS</c>, a connection string), which lacks transactional batch, TTL, aggregates and ordered or
/// cross-partition queries, so the tests that need those are skipped there.
/// </summary>
public static class TestCosmos
{
    public static string? RealEndpoint => Environment.GetEnvironmentVariable("FESTA_COSMOS_ENDPOINT") is { Length: > 0 } e ? e : null;

    public static bool IsReal => RealEndpoint is not null && Environment.GetEnvironmentVariable("FESTA_COSMOS_KEY") is { Length: > 0 };

    public static string ConnectionString =>
        IsReal
            ? $"AccountEndpoint={RealEndpoint};AccountKey={Environment.GetEnvironmentVariable("FESTA_COSMOS_KEY")};"
            : Environment.GetEnvironmentVariable("FESTA_TEST_COSMOS") is { Length: > 0 } local
                ? local
                : throw new InvalidOperationException(StartEmulatorsHint);

    /// <summary>What to do when no Cosmos endpoint is set or none answers (e.g. `dotnet test` run directly).</summary>
    public const string StartEmulatorsHint =
        "No Cosmos endpoint for the tests: start the emulators with ./test.sh (it starts the local test server and sets FESTA_TEST_COSMOS), " +
        "or set FESTA_COSMOS_ENDPOINT and FESTA_COSMOS_KEY for a real account.";

    /// <summary>Why the local test server cannot run a test that needs the capability; null on a real account.</summary>
    public static string? Missing(StoreCapability capability) => IsReal ? null : capability switch
    {
        StoreCapability.Transactions => "needs Cosmos transactional batch, which the local test server lacks; set FESTA_COSMOS_ENDPOINT/FESTA_COSMOS_KEY to run it",
        StoreCapability.OrderedQueries => "needs ORDER BY / cross-partition queries, which the local test server lacks; set FESTA_COSMOS_ENDPOINT/FESTA_COSMOS_KEY to run it",
        StoreCapability.TimeToLive => "needs Cosmos TTL, which the local test server lacks; set FESTA_COSMOS_ENDPOINT/FESTA_COSMOS_KEY to run it",
        StoreCapability.Aggregates => "needs Cosmos aggregate queries (COUNT), which the local test server lacks; set FESTA_COSMOS_ENDPOINT/FESTA_COSMOS_KEY to run it",
        _ => null,
    };

    /// <summary>Configuration for test instances on Cosmos: a database of the caller's own.</summary>
    public static Dictionary<string, string?> Settings(string databaseName)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Festa:Store"] = "Cosmos",
            ["FestaCosmos"] = ConnectionString,
            ["Festa:Cosmos:DatabaseName"] = databaseName,
        };
        if (!IsReal)
        {
            settings["Festa:Cosmos:LocalTestServer"] = "true";
        }

        return settings;
    }

    /// <summary>A fresh database name, so every test class works on its own small containers.</summary>
    public static string NewDatabaseName() => "t" + Guid.NewGuid().ToString("N")[..10];
}
