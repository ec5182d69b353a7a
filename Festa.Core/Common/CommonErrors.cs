namespace Festa.Core.Common;

public static class CommonErrors
{
    public static Error Validation(IReadOnlyDictionary<string, string[]> fieldErrors) =>
        new(ErrorKind.Validation, "validation", "The request is invalid.", "See 'errors' for the fields to fix.")
        {
            FieldErrors = fieldErrors,
        };

    /// <summary>A paging cursor this API did not return for the list being paged (400).</summary>
    public static Error InvalidCursor(IReadOnlyDictionary<string, string[]> fieldErrors) =>
        new(ErrorKind.Validation, "invalid-cursor", "The cursor is not valid for this list.",
            "Pass back the 'nextCursor' of the previous page unchanged, with the same filters, or leave it out for the first page.")
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
