namespace Festa.TestSupport;

/// <summary>Configuration for test instances: the test Azurite and a table prefix of the test's own.</summary>
public static class TestSettings
{
    public static Dictionary<string, string?> ForTables(string tablePrefix) => new()
    {
        ["Festa:Store"] = "Table",
        ["FestaStorage"] = TestStorage.ConnectionString,
        ["Festa:Table:TablePrefix"] = tablePrefix,
        ["Festa:Queues:EventChanges"] = EventChangesQueue(tablePrefix),
    };

    /// <summary>The event-change queue of a fixture: named after its table prefix, so fixtures never share one.</summary>
    public static string EventChangesQueue(string tablePrefix) => tablePrefix.ToLowerInvariant() + "-event-changes";

    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, string key, string? value)
    {
        settings[key] = value;
        return settings;
    }
}
