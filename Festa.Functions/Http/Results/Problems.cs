using System.Diagnostics;
using System.Globalization;
using Festa.Core.Common;
using Festa.Functions.Http.Json;
using Microsoft.AspNetCore.Http;

namespace Festa.Functions.Http.Results;

/// <summary>Turns errors into RFC 9457 problem responses. Every error kind has one status; every code one type URI.</summary>
public static class Problems
{
    /// <summary>Problem types are <c>{TypeBase}{code}</c>; docs/api.md lists them all.</summary>
    public const string TypeBase = "https://festa.dev/problems/";

    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorKind.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unmapped error kind."),
    };

    public static ApiResult From(Error error, HttpRequest request)
    {
        var status = StatusOf(error.Kind);
        var result = Create(status, error.Code, error.Title, error.Detail, request, error.FieldErrors, error.OpensAt);
        if (error.RetryAfter is { } wait)
        {
            result.WithHeader("Retry-After", Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }

        if (status == StatusCodes.Status401Unauthorized)
        {
            result.WithHeader("WWW-Authenticate", "Bearer realm=\"festa\"");
        }

        return result;
    }

    /// <summary>A problem found by the HTTP layer itself (malformed body, wrong media type).</summary>
    public static ApiResult Create(int status, string code, string title, string? detail, HttpRequest request,
        IReadOnlyDictionary<string, string[]>? errors = null, DateTimeOffset? opensAt = null)
    {
        var document = new ProblemDocument(TypeBase + code, title, status, detail, request.Path.Value)
        {
            Errors = errors,
            OpensAt = opensAt,
            TraceId = Activity.Current?.TraceId.ToString() ?? request.HttpContext.TraceIdentifier,
        };
        return ApiResult.Json(status, document, FestaJsonContext.Default.ProblemDocument, "application/problem+json; charset=utf-8");
    }

    /// <summary>The store did not answer (health check, or an exception after the SDK's retries): 503, try again shortly.</summary>
    /// <param name="retryAfter">The store's own advice (Cosmos DB's on a 429), rounded up to whole seconds; 2 s when it gave none.</param>
    public static ApiResult StoreUnavailable(HttpRequest request, string? detail, TimeSpan? retryAfter = null) =>
        Problems.Create(StatusCodes.Status503ServiceUnavailable, "store-unavailable", "The store is busy or unreachable; try again shortly.",
            detail, request).WithHeader("Retry-After",
                Math.Max(1, (int)Math.Ceiling((retryAfter ?? TimeSpan.FromSeconds(2)).TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture));
}
