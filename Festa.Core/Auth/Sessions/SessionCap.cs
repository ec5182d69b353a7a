using Festa.Core.Members;
using Microsoft.Extensions.Options;

namespace Festa.Core.Auth.Sessions;

/// <summary>
/// At most <see cref="SessionOptions.MaxPerMember"/> sessions per member: after a login, the member's oldest sessions
/// (by creation) beyond the cap are revoked. The member's index is one partition that the cap itself keeps small, so
/// finding the oldest is one single-partition query of index entries (no session reads, no scan); the revocations
/// are ordinary deletions, visible to every instance at once.
/// </summary>
/// <remarks>
/// Concurrent logins of one member each list the index after their own session was written, so each sees every
/// session created before it and trims to the cap; together they never leave more than the cap once they have all
/// finished, and none revokes its own new session. Sessions past their absolute expiry are not counted (their rows
/// are swept or expire by TTL).
/// </remarks>
public sealed class SessionCap(ISessionStore sessions, IOptions<SessionOptions> options)
{
    private const int ParallelDeletes = 4;

    /// <summary>Revokes the member's oldest sessions beyond the cap, never <paramref name="newest"/>.</summary>
    /// <returns>The sessions revoked.</returns>
    public async Task<IReadOnlyList<SessionId>> EnforceAsync(UserId memberId, SessionId newest, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var max = options.Value.MaxPerMember;
        var entries = await sessions.ListIndexAsync(memberId, cancellationToken);
        if (entries.Count <= max)
        {
            return [];
        }

        var doomed = entries
            .Where(e => e.Id != newest && e.AbsoluteExpiresAt > now)
            .OrderByDescending(e => e.CreatedAt)
            .ThenByDescending(e => e.Id.Value, StringComparer.Ordinal)
            .Skip(max - 1)
            .Select(e => e.Id)
            .ToList();
        await Parallel.ForEachAsync(doomed, new ParallelOptions { MaxDegreeOfParallelism = ParallelDeletes, CancellationToken = cancellationToken },
            async (id, ct) => await sessions.DeleteAsync(id, memberId, ct));
        return doomed;
    }
}
