using Festa.Core.Auth.Sessions;

namespace Festa.Core.Auth.EndOtherSessions;

public sealed class EndOtherSessionsHandler(ISessionStore sessions)
{
    /// <returns>How many sessions ended.</returns>
    public Task<int> HandleAsync(CurrentSession caller, CancellationToken cancellationToken) =>
        sessions.DeleteAllOfMemberAsync(caller.MemberId, caller.Id, cancellationToken);
}
