namespace Festa.TestSupport;

/// <summary>Where the tests' Azurite is: set by test.sh (free ports), else Azurite's default ports.</summary>
public static class TestStorage
{
    /// <summary>What to do when no Azurite answers (e.g. `dotnet test` run directly, as an IDE does).</summary>
    public const string StartEmulatorsHint =
        "No Azurite answers for the tests: start the emulators with ./test.sh (it starts Azurite and the Cosmos DB test server " +
        "on free ports and sets FESTA_TEST_STORAGE and FESTA_TEST_COSMOS), or set FESTA_TEST_STORAGE to the connection string " +
        "of a running Azurite (unset, Azurite's default ports 127.0.0.1:10000-10002 are used).";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("FESTA_TEST_STORAGE") is { Length: > 0 } value ? value : "UseDevelopmentStorage=true";

    /// <summary>A fresh table-name prefix, so every test class works on its own small tables.</summary>
    public static string NewTablePrefix() => "t" + Guid.NewGuid().ToString("N")[..10];
}
