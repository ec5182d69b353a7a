using Azure.Storage.Blobs;
using Azure.Storage.Queues;
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

        // Posters are in a container named after the table prefix (see BlobStoreOptions).
        await Instance.Get<BlobServiceClient>().GetBlobContainerClient(_prefix.ToLowerInvariant() + "-posters").DeleteIfExistsAsync();

        // The event-change queue (and the poison queue the host would make) are named after the prefix too.
        var queues = Instance.Get<QueueServiceClient>();
        await queues.GetQueueClient(TestSettings.EventChangesQueue(_prefix)).DeleteIfExistsAsync();
        await queues.GetQueueClient(TestSettings.EventChangesQueue(_prefix) + "-poison").DeleteIfExistsAsync();
    }
}
