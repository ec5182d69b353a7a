using Festa.Core.Members;
using Microsoft.Extensions.Options;

namespace Festa.Core.Auth.Sessions;

/// <summary>The timing rules of sessions: when they start, slide and end.</summary>
public sealed class SessionLifetime(IOptions<SessionOptions> options)
{
    private readonly SessionOptions _options = options.Value;

    public Session Start(SessionId id, UserId memberId, Role role, string? userAgent, DateTimeOffset now)
    {
        var absolute = now + _options.AbsoluteTimeout;
        return new Session(id, memberId, role, now, now, Min(now + _options.IdleTimeout, absolute), absolute,
            Truncate(userAgent));
    }

    /// <summary>True when the idle expiry is stale enough to be worth a store write.</summary>
    public bool IsDueForRefresh(Session session, DateTimeOffset now) =>
        now - session.LastSeenAt >= _options.RefreshInterval && session.IdleExpiresAt < session.AbsoluteExpiresAt;

    public Session Refreshed(Session session, DateTimeOffset now) => session with
    {
        LastSeenAt = now,
        IdleExpiresAt = Min(now + _options.IdleTimeout, session.AbsoluteExpiresAt),
    };

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string? Truncate(string? userAgent) =>
        string.IsNullOrWhiteSpace(userAgent) ? null
        : new string(userAgent.Where(c => !char.IsControl(c)).Take(Session.UserAgentMaxLength).ToArray());
}
