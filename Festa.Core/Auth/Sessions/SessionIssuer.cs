using Festa.Core.Common;
using Festa.Core.Members;

namespace Festa.Core.Auth.Sessions;

/// <summary>A freshly issued session; the token is shown to the client once and never stored.</summary>
public sealed record IssuedSession(string Token, Session Session, Member Member);

/// <summary>
/// Creates sessions for members whose credentials were checked, and then keeps the member within
/// <see cref="SessionOptions.MaxPerMember"/> sessions (<see cref="SessionCap"/>: the oldest go).
/// </summary>
public sealed class SessionIssuer(ISessionStore sessions, IMemberStore members, SessionLifetime lifetime, SessionCap cap, TimeProvider time)
{
    public async Task<Result<IssuedSession>> IssueAsync(Member member, string? userAgent, CancellationToken cancellationToken)
    {
        var (token, id) = SessionTokens.Create();
        var now = time.GetUtcNow();
        var session = lifetime.Start(id, member.UserId, member.Role, userAgent, now);
        await sessions.AddAsync(session, cancellationToken);

        // A password change racing with this login changes the security stamp first and revokes listed sessions
        // second; a withdrawal marks the member withdrawing first and revokes listed sessions second. Re-reading
        // after our write means either it saw our session or we see its new stamp (or state), so no session created
        // with an old password, or for a leaving member, survives.
        var current = await members.FindAsync(member.UserId, cancellationToken);
        if (current is null || !current.Value.IsActive || current.Value.SecurityStamp != member.SecurityStamp)
        {
            await sessions.DeleteAsync(id, member.UserId, cancellationToken);
            return AuthErrors.InvalidCredentials;
        }

        await cap.EnforceAsync(member.UserId, id, now, cancellationToken);
        return new IssuedSession(token, session, current.Value);
    }
}
