namespace Festa.Core.Common;

/// <summary>What went wrong, in terms a caller can act on. The HTTP layer maps kinds to status codes.</summary>
public enum ErrorKind
{
    Validation,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    TooManyRequests,
    Unavailable,
    PayloadTooLarge,
    UnsupportedMediaType,
}

/// <summary>
/// A failure of a use case. <see cref="Code"/> is stable and becomes the ProblemDetails type,
/// so clients can branch on it; <see cref="Title"/> is the same for every occurrence of a code.
/// </summary>
public sealed record Error(ErrorKind Kind, string Code, string Title, string? Detail = null)
{
    /// <summary>Offending fields (JSON names) and what is wrong with each; only for validation errors.</summary>
    public IReadOnlyDictionary<string, string[]>? FieldErrors { get; init; }

    /// <summary>When the caller may try again; only for throttling and unavailability.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>When sign-ups open (UTC); only for <c>signups-not-open</c>, so a client can wait for it.</summary>
    public DateTimeOffset? OpensAt { get; init; }
}
