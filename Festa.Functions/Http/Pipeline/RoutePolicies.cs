using Festa.Core.RateLimiting;

namespace Festa.Functions.Http.Pipeline;

/// <summary>Whom a rate limit counts per.</summary>
public enum RateLimitSubject
{
    /// <summary>The client address (<see cref="ClientAddress"/>).</summary>
    ClientAddress,

    /// <summary>The authenticated member; unauthenticated requests are not counted (the function answers 401).</summary>
    Member,
}

/// <summary>A rate limit applied to a route by <see cref="RateLimitStep"/>.</summary>
public sealed record RouteRateLimit(RateLimitPolicy Policy, RateLimitSubject Subject);

/// <summary>
/// Every route's cross-cutting policy, declared once and keyed by function name (the <c>[Function]</c> name).
/// Routes not listed have no rate limit of their own. The login limits (<see cref="RateLimitPolicy.LoginPerClient"/>,
/// <see cref="RateLimitPolicy.LoginPerAccount"/>, <see cref="RateLimitPolicy.LoginGlobal"/>) count failed password
/// checks, which only the use case knows about and which need the account named in the body: LoginHandler,
/// ChangePasswordHandler and WithdrawHandler take them through the same <see cref="RateLimiter"/>.
/// </summary>
public static class RoutePolicies
{
    private static readonly Dictionary<string, RouteRateLimit[]> RateLimits = new(StringComparer.Ordinal)
    {
        ["SignUp"] = [new(RateLimitPolicy.MemberSignUpPerClient, RateLimitSubject.ClientAddress)],
        ["SignUpForEvent"] = [new(RateLimitPolicy.EventSignUpPerMember, RateLimitSubject.Member)],
    };

    public static IReadOnlyList<RouteRateLimit> RateLimitsOf(string functionName) =>
        RateLimits.TryGetValue(functionName, out var limits) ? limits : [];

    /// <summary>Function names with a rate limit (tests check each names a real function).</summary>
    public static IEnumerable<string> RateLimitedFunctions => RateLimits.Keys;
}
