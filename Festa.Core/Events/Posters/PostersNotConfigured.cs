namespace Festa.Core.Events.Posters;

/// <summary>
/// The poster store when no storage account is configured (Cosmos without <c>FestaStorage</c>): poster requests
/// fail loudly (500) instead of the app failing to start.
/// </summary>
public sealed class PostersNotConfigured : IPosterStore
{
    public Task<string> PutAsync(EventId eventId, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken) =>
        throw Missing();

    public Task<StoredPoster?> GetAsync(EventId eventId, CancellationToken cancellationToken) => throw Missing();

    public Task DeleteAsync(EventId eventId, CancellationToken cancellationToken) => Task.CompletedTask;

    private static InvalidOperationException Missing() =>
        new("Event posters are kept in Blob Storage: configure 'FestaStorage' (a connection string or 'FestaStorage__blobServiceUri').");
}
