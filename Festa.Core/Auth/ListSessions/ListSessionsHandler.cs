using Festa.Core.Auth.Sessions;

namespace Festa.Core.Auth.ListSessions;

public sealed class ListSessionsHandler(ISessionStore sessions, TimeProvider time)
{
    public async Task<IReadOnlyList<SessionSummary>> HandleAsync(CurrentSession caller, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var all = await sessions.ListByMemberAsync(caller.MemberId, cancellationToken);
        return all
            .Where(s => s.IsActiveAt(now))
            .OrderByDescending(s => s.LastSeenAt)
            .Select(s => new SessionSummary(s.Id.Handle, s.Id == caller.Id, s.CreatedAt, s.LastSeenAt,
                s.IdleExpiresAt < s.AbsoluteExpiresAt ? s.IdleExpiresAt : s.AbsoluteExpiresAt, s.UserAgent))
            .ToList();
    }
}
