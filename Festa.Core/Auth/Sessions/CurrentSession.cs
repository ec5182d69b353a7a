using Festa.Core.Members;

namespace Festa.Core.Auth.Sessions;

/// <summary>The authenticated caller of a request.</summary>
public sealed record CurrentSession(SessionId Id, UserId MemberId, Role Role, DateTimeOffset ExpiresAt)
{
    public static CurrentSession Of(Session session) =>
        new(session.Id, session.MemberId, session.Role, session.IdleExpiresAt);
}
