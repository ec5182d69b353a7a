namespace Festa.Core.Events.Posters;

/// <summary>A stored poster: its media type, its version (a quoted HTTP entity tag) and its bytes, to be disposed by the reader.</summary>
public sealed class StoredPoster(string contentType, string eTag, long? length, Stream content) : IAsyncDisposable
{
    public string ContentType { get; } = contentType;

    /// <summary>The quoted entity tag, ready for the <c>ETag</c> header.</summary>
    public string ETag { get; } = eTag;

    public long? Length { get; } = length;

    public Stream Content { get; } = content;

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

/// <summary>Where event posters are kept: one image per event, replaced on upload.</summary>
public interface IPosterStore
{
    /// <summary>Stores (or replaces) the event's poster; returns its new quoted entity tag.</summary>
    Task<string> PutAsync(EventId eventId, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken);

    /// <summary>The event's poster, or null when it has none.</summary>
    Task<StoredPoster?> GetAsync(EventId eventId, CancellationToken cancellationToken);

    /// <summary>Removes the event's poster; nothing happens when it has none.</summary>
    Task DeleteAsync(EventId eventId, CancellationToken cancellationToken);
}
