using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Festa.Core.Events;
using Festa.Core.Events.Posters;

namespace Festa.AzureStorage.Blobs;

/// <summary>
/// Posters in one blob container, one blob per event named by its id. The container is created on the
/// first upload that finds it missing, so no instance needs to prepare anything at startup.
/// </summary>
internal sealed class BlobPosterStore(BlobContainerClient container) : IPosterStore
{
    public async Task<string> PutAsync(EventId eventId, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } };
        var blob = container.GetBlobClient(eventId.Value);
        try
        {
            return (await blob.UploadAsync(BinaryData.FromBytes(content), options, cancellationToken)).Value.ETag.ToString("H");
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            return (await blob.UploadAsync(BinaryData.FromBytes(content), options, cancellationToken)).Value.ETag.ToString("H");
        }
    }

    public async Task<StoredPoster?> GetAsync(EventId eventId, CancellationToken cancellationToken)
    {
        try
        {
            var download = (await container.GetBlobClient(eventId.Value).DownloadStreamingAsync(cancellationToken: cancellationToken)).Value;
            var details = download.Details;
            return new StoredPoster(details.ContentType, details.ETag.ToString("H"), details.ContentLength, download.Content);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // no such blob, or no container yet
        }
    }

    public async Task DeleteAsync(EventId eventId, CancellationToken cancellationToken)
    {
        try
        {
            await container.GetBlobClient(eventId.Value).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // the container does not exist yet, so neither does the poster
        }
    }
}
