using Festa.Core.Auth.Sessions;
using Festa.Core.Common;
using Festa.Core.Events.List;
using Festa.Core.Members;

namespace Festa.Core.Events.Recommend;

/// <summary>
/// Upcoming events the caller can still join (sign-ups open or still to open, not full, not already joined): same district first, then
/// same city, then the rest, each group by start time. Candidates are the next <see cref="Candidates"/>
/// upcoming events; seats are checked only for as many as the answer needs.
/// </summary>
public sealed class RecommendEventsHandler(IEventStore events, IMemberStore members, TimeProvider time)
{
    public const int Candidates = Paging.MaxLimit;

    public async Task<Result<IReadOnlyList<EventDetails>>> HandleAsync(CurrentSession caller, string? rawLimit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var query = ListEventsHandler.Parse(new ListEventsRequest(Limit: rawLimit), now);
        if (query.Error is { } error)
        {
            return error;
        }

        var member = await members.FindAsync(caller.MemberId, cancellationToken);
        if (member is not { Value.IsWithdrawn: false })
        {
            return MemberErrors.Gone;
        }

        var upcoming = await events.ListAsync(query.Value with { Limit = Candidates }, cancellationToken);
        var ranked = upcoming.Items.Where(e => e.IsListableAt(now)).OrderBy(e => Nearness(e.Location, member.Value.Region)).ThenBy(e => e.StartsAt).ToList();

        var wanted = query.Value.Limit;
        var chosen = new List<EventDetails>(wanted);
        foreach (var chunk in ranked.Chunk(wanted))
        {
            var snapshots = await Task.WhenAll(chunk.Select(e => events.FindAsync(e.Id, caller.MemberId, cancellationToken)));
            chosen.AddRange(snapshots.OfType<EventSnapshot>().Where(s => !s.IsFull && !s.ViewerSignedUp).Select(EventDetails.Of));
            if (chosen.Count >= wanted)
            {
                break;
            }
        }

        return chosen.Take(wanted).ToList();
    }

    private static int Nearness(EventLocation location, Region? home)
    {
        if (home is null || Region.Key(location.City) != Region.Key(home.City))
        {
            return 2;
        }

        return Region.Key(location.District) == Region.Key(home.District) ? 0 : 1;
    }
}
