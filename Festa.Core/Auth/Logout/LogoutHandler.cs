using Festa.Core.Auth.Sessions;

namespace Festa.Core.Auth.Logout;

public sealed class LogoutHandler(ISessionStore sessions)
{
    /// <summary>Deletes the caller's session from the store, so every instance stops honouring it at once.</summary>
    public Task HandleAsync(CurrentSession session, CancellationToken cancellationToken) =>
        sessions.DeleteAsync(session.Id, session.MemberId, cancellationToken);
}
