using Festa.Core.Members;
using Festa.Core.RateLimiting;

namespace Festa.Core.Auth.Throttling;

/// <summary>
/// A password check reserved in advance: the permits it took, or how long to wait when one was refused.
/// Keep it when the password was wrong (the failure counts); <see cref="PasswordAttempts.SucceededAsync"/> when it was right.
/// </summary>
public sealed record PasswordAttempt(IReadOnlyList<RateLimitLease> Leases, TimeSpan? RetryAfter);

/// <summary>
/// The login throttle: counts a password check <em>before</em> it runs (count before check), so N concurrent wrong
/// guesses on any number of instances get at most the limit of hashes between them. Three store-backed counters
/// (<see cref="RateLimiter"/>), taken in this order:
/// <list type="number">
/// <item><see cref="RateLimitPolicy.LoginPerAccount"/> per (account, client address): the attacker's failures lock out
/// only the attacker's address, so the real user elsewhere still gets in;</item>
/// <item><see cref="RateLimitPolicy.LoginPerClient"/> per client address, all accounts: bounds credential stuffing
/// and password spraying from one address;</item>
/// <item><see cref="RateLimitPolicy.LoginGlobal"/> per account from all addresses: the ceiling on a distributed attack
/// on one account.</item>
/// </list>
/// A refused check takes nothing (permits already taken for it are given back); a correct password gives its permits
/// back, so only failures count, and empties its (account, address) counter: the owner proved the password from there.
/// The per-address and per-account counters are not emptied, or one known password would refill an attacker's budget. Unknown accounts are counted like real ones, so a 429 reveals nothing.
/// docs/security.md ("Login throttling") compares this with OWASP's guidance.
/// </summary>
public sealed class PasswordAttempts(RateLimiter limiter)
{
    public async Task<PasswordAttempt> ReserveAsync(UserId account, string clientAddress, CancellationToken cancellationToken)
    {
        var leases = new List<RateLimitLease>(3);
        foreach (var (policy, subject) in new[]
                 {
                     (RateLimitPolicy.LoginPerAccount, $"{account.Value}|{clientAddress}"),
                     (RateLimitPolicy.LoginPerClient, clientAddress),
                     (RateLimitPolicy.LoginGlobal, account.Value),
                 })
        {
            var decision = await limiter.AcquireAsync(policy, subject, cancellationToken);
            if (!decision.Acquired)
            {
                await ReleaseAsync(leases, cancellationToken);
                return new PasswordAttempt([], decision.RetryAfter);
            }

            if (decision.Lease is { } lease)
            {
                leases.Add(lease);
            }
        }

        return new PasswordAttempt(leases, null);
    }

    /// <summary>The password was right: the attempt is not a failure, its permits go back, the pair's failures are forgotten.</summary>
    public async Task SucceededAsync(PasswordAttempt attempt, CancellationToken cancellationToken)
    {
        foreach (var lease in attempt.Leases)
        {
            await limiter.ReleaseAsync(lease, cancellationToken, reset: lease.Policy == RateLimitPolicy.LoginPerAccount);
        }
    }

    private async Task ReleaseAsync(IEnumerable<RateLimitLease> leases, CancellationToken cancellationToken)
    {
        foreach (var lease in leases)
        {
            await limiter.ReleaseAsync(lease, cancellationToken);
        }
    }
}
