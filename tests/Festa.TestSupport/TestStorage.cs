namespace Festa.TestSupport;

/// <summary>Where the tests' Azurite is: set by test.sh (free ports), else Azurite's default ports.</summary>
public static class TestStorage
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("FESTA_TEST_STORAGE") is { Length: > 0 } value ? value : "UseDevelopmentStorage=true";

    /// <summary>A fresh table-name prefix, so every test class works on its own small tables.</summary>
    public static string NewTablePrefix() => "t" + Guid.NewGuid().ToString("N")[..10];
}
