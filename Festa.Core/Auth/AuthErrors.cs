using Festa.Core.Common;

namespace Festa.Core.Auth;

public static class AuthErrors
{
    /// <summary>Deliberately the same for unknown, withdrawn and wrong-password accounts.</summary>
    public static Error InvalidCredentials { get; } =
        new(ErrorKind.Unauthorized, "invalid-credentials", "The user id or password is incorrect.");

    public static Error TooManyAttempts(TimeSpan retryAfter) =>
        new(ErrorKind.TooManyRequests, "too-many-login-attempts", "Too many failed logins; try again later.",
            "Logins to this account are paused after repeated failures.")
        {
            RetryAfter = retryAfter,
        };
}
