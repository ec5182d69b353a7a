using Azure;
using Azure.Data.Tables;
using Festa.Core.Health;

namespace Festa.AzureStorage.Tables;

/// <summary>One cheap query that needs only data-read rights, as the app's identity has in Azure.</summary>
internal sealed class TableStoreProbe(FestaTables tables) : IStoreProbe
{
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {"~health"}");
            await foreach (var _ in tables.Members.QueryAsync<TableEntity>(filter, maxPerPage: 1, cancellationToken: cancellationToken))
            {
                break;
            }

            return null;
        }
        catch (RequestFailedException e)
        {
            return $"Table Storage answered {e.Status} ({e.ErrorCode}).";
        }
        catch (Exception e) when (e is HttpRequestException or AggregateException)
        {
            // After its retries the SDK throws an AggregateException of the attempts' failures.
            return "Table Storage could not be reached.";
        }
    }
}
