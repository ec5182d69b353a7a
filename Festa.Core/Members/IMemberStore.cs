using Festa.Core.Common;

namespace Festa.Core.Members;

/// <summary>Member accounts. Failed logins are counted by the rate limiter (Festa.Core.RateLimiting), not here.</summary>
public interface IMemberStore
{
    /// <summary>Adds the member unless the user id is taken (by anyone, withdrawn included).</summary>
    /// <returns>False when the user id is already taken.</returns>
    Task<bool> TryAddAsync(Member member, CancellationToken cancellationToken);

    Task<Versioned<Member>?> FindAsync(UserId userId, CancellationToken cancellationToken);

    /// <summary>Replaces the member if it is still at <paramref name="version"/>.</summary>
    /// <returns>False when it changed or disappeared meanwhile.</returns>
    Task<bool> TryReplaceAsync(Member member, string version, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="FindAsync"/> for login, where the "user id" may be a password typed into the wrong field: a
    /// single-partition query, so the key travels in the query string (which the Azure SDK's request logs redact)
    /// rather than in the request path.
    /// </summary>
    Task<Versioned<Member>?> FindForLoginAsync(UserId userId, CancellationToken cancellationToken);
}
