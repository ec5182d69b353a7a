using Festa.Core.Auth.Sessions;
using Festa.Core.Common;

namespace Festa.Core.Events.Posters;

/// <summary>An event's poster, for any signed-in member. The caller disposes what it gets.</summary>
public sealed class GetPosterHandler(IPosterStore posters)
{
    public async Task<Result<StoredPoster>> HandleAsync(CurrentSession caller, string rawId, CancellationToken cancellationToken)
    {
        _ = caller; // any session will do; the function has checked there is one
        if (!EventId.TryParse(rawId, out var id))
        {
            return PosterErrors.NotFound;
        }

        var poster = await posters.GetAsync(id, cancellationToken);
        return poster is null ? PosterErrors.NotFound : poster;
    }
}
