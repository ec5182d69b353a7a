using Festa.Core.Auth.Sessions;
using Festa.Core.Common;

namespace Festa.Core.Events.Posters;

/// <summary>
/// Stores an event's poster (its host only), replacing any earlier one; answers the new entity tag. The caller's
/// ownership is checked before the body is read: anyone else's upload (or one for an event that does not exist)
/// costs one event read and not a byte of the body.
/// </summary>
public sealed class UploadPosterHandler(IEventStore events, IPosterStore posters)
{
    /// <param name="readContent">Reads the body, capped a little above <see cref="PosterErrors.MaxBytes"/>; called only for the owner.</param>
    public async Task<Result<string>> HandleAsync(CurrentSession caller, string rawId,
        Func<CancellationToken, Task<ReadOnlyMemory<byte>>> readContent, CancellationToken cancellationToken)
    {
        var found = await events.FindOwnedAsync(caller, rawId, cancellationToken);
        if (found.Error is { } denied)
        {
            return denied;
        }

        var content = await readContent(cancellationToken);
        if (content.Length > PosterErrors.MaxBytes)
        {
            return PosterErrors.TooLarge;
        }

        if (PosterFormat.Detect(content.Span) is not { } contentType)
        {
            return PosterErrors.UnsupportedFormat;
        }

        return await posters.PutAsync(found.Value.Event.Id, content, contentType, cancellationToken);
    }
}
