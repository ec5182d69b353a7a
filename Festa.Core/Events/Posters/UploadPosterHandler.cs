using Festa.Core.Auth.Sessions;
using Festa.Core.Common;

namespace Festa.Core.Events.Posters;

/// <summary>Stores an event's poster (its host only), replacing any earlier one; answers the new entity tag.</summary>
public sealed class UploadPosterHandler(IEventStore events, IPosterStore posters)
{
    /// <param name="content">The body as read, capped a little above <see cref="PosterErrors.MaxBytes"/>.</param>
    public async Task<Result<string>> HandleAsync(CurrentSession caller, string rawId, ReadOnlyMemory<byte> content,
        CancellationToken cancellationToken)
    {
        var found = await events.FindOwnedAsync(caller, rawId, cancellationToken);
        if (found.Error is { } denied)
        {
            return denied;
        }

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
