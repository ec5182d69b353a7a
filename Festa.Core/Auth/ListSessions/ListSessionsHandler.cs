using Festa.Core.Auth.Sessions;
using Festa.Core.Common;
using Festa.Core.Events;

namespace Festa.Core.Auth.ListSessions;

/// <summary>
/// The caller's active sessions, paged (<see cref="Paging"/>: <c>limit</c> 1–100, default 20, opaque cursor) in the
/// member index's order (by session handle): a page is one single-partition range query and a point read per entry.
/// Entries whose session ended meanwhile are skipped, so a page may hold fewer than <c>limit</c> sessions; the list
/// goes on while <c>nextCursor</c> is present.
/// </summary>
public sealed class ListSessionsHandler(ISessionStore sessions, TimeProvider time)
{
    public async Task<Result<Page<SessionSummary>>> HandleAsync(CurrentSession caller, string? rawLimit, string? rawCursor,
        CancellationToken cancellationToken)
    {
        var paging = Paging.Parse(rawLimit, rawCursor, CursorList.Sessions);
        if (paging.Error is { } invalid)
        {
            return invalid;
        }

        var now = time.GetUtcNow();
        var page = await sessions.ListByMemberAsync(caller.MemberId, paging.Value.After, paging.Value.Limit, cancellationToken);
        var items = page.Items
            .Where(s => s.IsActiveAt(now))
            .Select(s => new SessionSummary(s.Id.Handle, s.Id == caller.Id, s.CreatedAt, s.LastSeenAt,
                s.IdleExpiresAt < s.AbsoluteExpiresAt ? s.IdleExpiresAt : s.AbsoluteExpiresAt, s.UserAgent))
            .ToList();
        return new Page<SessionSummary>(items, Cursor.Encode(page.After));
    }
}
