namespace Festa.TestSupport;

/// <summary>Configuration for test instances: the test Azurite and a table prefix of the test's own.</summary>
public static class TestSettings
{
    public static Dictionary<string, string?> ForTables(string tablePrefix) => new()
    {
        ["Festa:Store"] = "Table",
        ["FestaStorage"] = TestStorage.ConnectionString,
        ["Festa:Table:TablePrefix"] = tablePrefix,
    };

    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, string key, string? value)
    {
        settings[key] = value;
        return settings;
    }
}
