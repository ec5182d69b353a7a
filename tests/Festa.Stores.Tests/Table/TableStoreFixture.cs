using Festa.AzureStorage.Tables;
using Festa.TestSupport;

namespace Festa.Stores.Tests.Table;

/// <summary>Table Storage on Azurite, with tables of this fixture's own.</summary>
public sealed class TableStoreFixture : StoreFixture
{
    private readonly string _prefix = TestStorage.NewTablePrefix();

    public override string StoreName => "table";

    protected override Dictionary<string, string?> Settings() => TestSettings.ForTables(_prefix);

    protected override async Task CleanUpAsync()
    {
        foreach (var table in Instance.Get<FestaTables>().All)
        {
            await table.DeleteAsync();
        }
    }
}
