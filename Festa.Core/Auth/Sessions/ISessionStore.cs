using Festa.Core.Common;
using Festa.Core.Members;

namespace Festa.Core.Auth.Sessions;

public enum TouchOutcome
{
    Refreshed,

    /// <summary>Another request refreshed it first; the session is still valid.</summary>
    AlreadyRefreshed,

    /// <summary>It was deleted (logout, revocation, cleanup) since it was read.</summary>
    Gone,
}

/// <summary>Sessions, found by id (one point read) and by member (to list and revoke them).</summary>
public interface ISessionStore : IExpiringStore
{
    /// <summary>Stores a new session so that both lookups find it.</summary>
    Task AddAsync(Session session, CancellationToken cancellationToken);

    Task<Versioned<Session>?> FindAsync(SessionId id, CancellationToken cancellationToken);

    /// <summary>Writes a refreshed idle expiry, only if the session is still as read.</summary>
    Task<TouchOutcome> TouchAsync(Session refreshed, string version, CancellationToken cancellationToken);

    /// <summary>Deletes one session. Idempotent.</summary>
    Task DeleteAsync(SessionId id, UserId memberId, CancellationToken cancellationToken);

    /// <summary>
    /// One page of the member's sessions in index order (session id): at most <paramref name="limit"/> index entries
    /// with an id after <paramref name="after"/>, each read by id; entries whose session is gone are left out.
    /// <see cref="Festa.Core.Events.StorePage{T}.After"/> is the last entry's id when more may follow.
    /// </summary>
    Task<Festa.Core.Events.StorePage<Session>> ListByMemberAsync(UserId memberId, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>The member's index entries alone: one single-partition query, no session reads (for <see cref="SessionCap"/>).</summary>
    Task<IReadOnlyList<SessionIndexEntry>> ListIndexAsync(UserId memberId, CancellationToken cancellationToken);

    /// <summary>Deletes every session of the member except <paramref name="keep"/>.</summary>
    /// <returns>How many sessions were deleted.</returns>
    Task<int> DeleteAllOfMemberAsync(UserId memberId, SessionId? keep, CancellationToken cancellationToken);}
