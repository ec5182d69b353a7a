using Festa.Core.Common;

namespace Festa.Core.Auth;

public static class AuthErrors
{
    /// <summary>Deliberately the same for unknown, withdrawn and wrong-password accounts.</summary>
    public static Error InvalidCredentials { get; } =
        new(ErrorKind.Unauthorized, "invalid-credentials", "The user id or password is incorrect.");

    /// <summary>
    /// An unsafe request authenticated by the session cookie alone came from an origin not allowed to use it
    /// (CSRF defence; the HTTP layer decides, see Festa.Functions.Http.CrossSiteRequests).
    /// </summary>
    public static Error CrossSiteRequest { get; } =
        new(ErrorKind.Forbidden, "cross-site-request", "The request's origin may not use the session cookie for this.",
            "Unsafe requests authenticated by the session cookie must come from an allowed origin (Origin header, or Sec-Fetch-Site: same-origin). API clients send the token as 'Authorization: Bearer'.");

    public static Error TooManyAttempts(TimeSpan retryAfter) =>
        new(ErrorKind.TooManyRequests, "too-many-login-attempts", "Too many failed logins; try again later.",
            "Logins to this account are paused after repeated failures.")
        {
            RetryAfter = retryAfter,
        };
}
