using Festa.Core.Auth.Throttling;
using Festa.Core.Common;

namespace Festa.Core.Members;

/// <summary>Member accounts and, next to each, its recent failed logins (one read serves a login).</summary>
public interface IMemberStore
{
    /// <summary>Adds the member unless the user id is taken (by anyone, withdrawn included).</summary>
    /// <returns>False when the user id is already taken.</returns>
    Task<bool> TryAddAsync(Member member, CancellationToken cancellationToken);

    Task<Versioned<Member>?> FindAsync(UserId userId, CancellationToken cancellationToken);

    /// <summary>Replaces the member if it is still at <paramref name="version"/>.</summary>
    /// <returns>False when it changed or disappeared meanwhile.</returns>
    Task<bool> TryReplaceAsync(Member member, string version, CancellationToken cancellationToken);

    /// <summary>The member (if any) and its failed-login record (if any), in one round trip.</summary>
    Task<LoginRecord> FindForLoginAsync(UserId userId, CancellationToken cancellationToken);

    /// <summary>Writes the failed-login record; <paramref name="version"/> null means "create, it did not exist".</summary>
    /// <returns>False when someone else changed the record first (retry with a fresh read).</returns>
    Task<bool> TrySaveLoginFailuresAsync(UserId userId, LoginFailures failures, string? version, CancellationToken cancellationToken);

    /// <summary>Forgets the failed logins (after a success). Idempotent.</summary>
    Task ClearLoginFailuresAsync(UserId userId, CancellationToken cancellationToken);
}

/// <summary>What a login needs to know about an account, read together.</summary>
public sealed record LoginRecord(Versioned<Member>? Member, Versioned<LoginFailures>? Failures);
