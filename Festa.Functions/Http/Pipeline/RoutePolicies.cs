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

/// <summary>Whose an <c>Idempotency-Key</c> is (<see cref="IdempotencyStep"/>): the same key from two callers is two keys.</summary>
public enum IdempotencyCaller
{
    /// <summary>The authenticated member; a request without a valid session is not keyed (the function answers 401).</summary>
    Member,

    /// <summary>
    /// The presented session credential (a hash of it): for routes that end the caller's session, whose repeat can no
    /// longer authenticate but must still get the first response.
    /// </summary>
    Session,

    /// <summary>The client address (<see cref="ClientAddress"/>): anonymous routes.</summary>
    ClientAddress,
}

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

        // A join is a batch in the event's hot partition, like a sign-up, and counts against the same per-member limit.
        ["JoinWaitlist"] = [new(RateLimitPolicy.EventSignUpPerMember, RateLimitSubject.Member)],
    };

    /// <summary>
    /// Routes that honour <c>Idempotency-Key</c> (<see cref="IdempotencyStep"/>), and whose key it is. Every unsafe
    /// route whose repeat would do the work twice or answer differently. Not listed, because a repeat is already
    /// harmless and answers the same: Logout (204 with or without a live session), MarkNotificationRead /
    /// MarkAllNotificationsRead (keep the first readAt), EndMyOtherSessions, UploadPoster (PUT replaces the
    /// poster), UpdateMyProfile (PATCH to the same values); Login, because its response is a session token that must
    /// never be stored in the clear.
    /// </summary>
    private static readonly Dictionary<string, IdempotencyCaller> Idempotent = new(StringComparer.Ordinal)
    {
        ["SignUp"] = IdempotencyCaller.ClientAddress,
        ["ChangeMyPassword"] = IdempotencyCaller.Member,
        ["Withdraw"] = IdempotencyCaller.Session,
        ["CreateEvent"] = IdempotencyCaller.Member,
        ["UpdateEvent"] = IdempotencyCaller.Member,
        ["DeleteEvent"] = IdempotencyCaller.Member,
        ["SignUpForEvent"] = IdempotencyCaller.Member,
        ["CancelMySignUp"] = IdempotencyCaller.Member,
        ["JoinWaitlist"] = IdempotencyCaller.Member, // a lost 201 would come back as 409 already-waitlisted
        ["LeaveWaitlist"] = IdempotencyCaller.Member, // a lost 204 would come back as 404 not-waitlisted
    };

    public static IReadOnlyList<RouteRateLimit> RateLimitsOf(string functionName) =>
        RateLimits.TryGetValue(functionName, out var limits) ? limits : [];

    /// <summary>Function names with a rate limit (tests check each names a real function).</summary>
    public static IEnumerable<string> RateLimitedFunctions => RateLimits.Keys;

    /// <summary>Whose <c>Idempotency-Key</c> the route honours, or null when it ignores the header.</summary>
    public static IdempotencyCaller? IdempotencyOf(string functionName) =>
        Idempotent.TryGetValue(functionName, out var caller) ? caller : null;

    /// <summary>Function names that honour <c>Idempotency-Key</c> (tests check each names a real function).</summary>
    public static IEnumerable<string> IdempotentFunctions => Idempotent.Keys;
}
