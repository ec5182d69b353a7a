using Festa.Core.Auth.Sessions;
using Festa.Core.Members;

namespace Festa.Cosmos.Sessions;

/// <summary>A session: id and pk = session id, so the per-request check is one point read.</summary>
internal sealed record SessionDocument(
    string Id,
    string Pk,
    string MemberId,
    string Role,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset IdleExpiresAt,
    DateTimeOffset AbsoluteExpiresAt,
    string? UserAgent,
    int Ttl)
{
    public static SessionDocument From(Session s) => new(s.Id.Value, s.Id.Value, s.MemberId.Value, s.Role.ToWire(), s.CreatedAt,
        s.LastSeenAt, s.IdleExpiresAt, s.AbsoluteExpiresAt, s.UserAgent, SessionTtl.UntilExpiry(s));

    public Session ToSession() => new(
        new SessionId(Id),
        UserId.FromTrusted(MemberId),
        Roles.TryParse(Role, out var role) ? role : Core.Members.Role.Member,
        CreatedAt,
        LastSeenAt,
        IdleExpiresAt,
        AbsoluteExpiresAt,
        UserAgent);
}

/// <summary>
/// The member's index entry: pk = "member:{user id}", id = session id. Lives as long as the session can. Its
/// creation time finds the member's oldest sessions (SessionCap) without reading them; null in entries written
/// before it was kept.
/// </summary>
internal sealed record MemberSessionDocument(string Id, string Pk, DateTimeOffset AbsoluteExpiresAt, int Ttl, DateTimeOffset? CreatedAt = null)
{
    public static MemberSessionDocument From(Session s) =>
        new(s.Id.Value, PartitionOf(s.MemberId), s.AbsoluteExpiresAt, SessionTtl.Seconds(s.AbsoluteExpiresAt - s.LastSeenAt), s.CreatedAt);

    public SessionIndexEntry ToIndexEntry() => new(new SessionId(Id), CreatedAt ?? DateTimeOffset.MinValue, AbsoluteExpiresAt);

    public static string PartitionOf(UserId member) => "member:" + member.Value;
}

/// <summary>
/// Cosmos deletes an item <c>ttl</c> seconds after its last write (and stops returning it at once). The
/// time left is measured from the session's own "now" (its last-seen time, which every write sets), so
/// the clock that decided the expiry also decides the TTL.
/// </summary>
internal static class SessionTtl
{
    public static int UntilExpiry(Session s) =>
        Seconds((s.IdleExpiresAt < s.AbsoluteExpiresAt ? s.IdleExpiresAt : s.AbsoluteExpiresAt) - s.LastSeenAt);

    /// <summary>Rounded up and at least 1 (0 is invalid, -1 would mean "never").</summary>
    public static int Seconds(TimeSpan left) => (int)Math.Clamp(Math.Ceiling(left.TotalSeconds), 1, int.MaxValue);
}
