using Festa.AzureStorage.Tables;

namespace Festa.TestSupport;

/// <summary>Table Storage on Azurite, with tables of this fixture's own.</summary>
public sealed class TableStoreFixture : StoreFixture
{
    private readonly string _prefix = TestStorage.NewTablePrefix();

    public override string StoreName => "table";

    public override Dictionary<string, string?> Settings() => TestSettings.ForTables(_prefix);

    protected override async Task CleanUpAsync()
    {
        foreach (var table in Instance.Get<FestaTables>().All)
        {
            await table.DeleteAsync();
        }
    }
}
