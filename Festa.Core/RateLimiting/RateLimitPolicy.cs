namespace Festa.Core.RateLimiting;

/// <summary>
/// The limits Festa enforces, each configured under <c>Festa:RateLimits:{Policy}</c> (see <see cref="RateLimitOptions"/>).
/// The subject a policy counts per is named in each member's summary.
/// </summary>
public enum RateLimitPolicy
{
    /// <summary>Failed logins (and password checks) per client address, all accounts together.</summary>
    LoginPerClient,

    /// <summary>Failed logins per (account, client address) pair: an attacker's failures never lock out the real user elsewhere.</summary>
    LoginPerAccount,

    /// <summary>Failed logins per account from all addresses: the ceiling on a distributed attack on one account.</summary>
    LoginGlobal,

    /// <summary>Member sign-ups (account creations) per client address.</summary>
    MemberSignUpPerClient,

    /// <summary>Sign-ups for events per member.</summary>
    EventSignUpPerMember,
}
