using Festa.Core;
using Microsoft.Extensions.Options;

namespace Festa.AzureStorage.Tables;

internal sealed class TableStoreInitializer(FestaTables tables, IOptions<TableStoreOptions> options) : IStoreInitializer
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.CreateTablesOnStartup)
        {
            return;
        }

        await Task.WhenAll(tables.All.Select(t => t.CreateIfNotExistsAsync(cancellationToken)));
    }
}
