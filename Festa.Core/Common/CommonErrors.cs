namespace Festa.Core.Common;

public static class CommonErrors
{
    public static Error Validation(IReadOnlyDictionary<string, string[]> fieldErrors) =>
        new(ErrorKind.Validation, "validation", "The request is invalid.", "See 'errors' for the fields to fix.")
        {
            FieldErrors = fieldErrors,
        };

    public static Error Unauthenticated { get; } =
        new(ErrorKind.Unauthorized, "unauthenticated", "A valid session is required.",
            "Log in and send the session cookie or an 'Authorization: Bearer' token.");

    public static Error Busy(TimeSpan retryAfter) =>
        new(ErrorKind.Unavailable, "busy", "The resource is busy; try again shortly.")
        {
            RetryAfter = retryAfter,
        };
}
