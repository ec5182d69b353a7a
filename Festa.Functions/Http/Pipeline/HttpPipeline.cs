using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Festa.Functions.Http.Pipeline;

/// <summary>The rest of the pipeline from a step's point of view; null means "the function set no result".</summary>
public delegate Task<IActionResult?> HttpStepDelegate(HttpInvocation invocation);

/// <summary>One HTTP-triggered invocation: its request and the function's name (the key of <see cref="RoutePolicies"/>).</summary>
public sealed record HttpInvocation(HttpContext Http, string FunctionName)
{
    public HttpRequest Request => Http.Request;

    public CancellationToken Aborted => Http.RequestAborted;
}

/// <summary>A cross-cutting concern every HTTP function passes through. Returns a result to answer instead of the function.</summary>
public interface IHttpStep
{
    Task<IActionResult?> InvokeAsync(HttpInvocation invocation, HttpStepDelegate next);
}

/// <summary>
/// Festa's one HTTP pipeline, in this order: exceptions → rate limit → idempotency → function, with authentication
/// resolved once, on first use by any of them, and cached on the request (below).
/// The worker runs it from <see cref="Middleware.HttpPipelineMiddleware"/> for every HTTP trigger, and the test
/// client runs the very same instance, so what the tests exercise is what is served.
/// <list type="bullet">
/// <item>Exceptions: <see cref="ExceptionBoundary"/> turns anything that escapes into a 500/503 problem.</item>
/// <item>Authentication: <see cref="RequestAuthenticator"/> resolves the caller once per request and caches it on the
/// HttpContext; the rate-limit step reads it for per-member limits, the function's <c>ForCallerAsync</c> reuses it
/// (one session lookup per request). The 401 itself is still answered by each function.</item>
/// <item>Rate limit: <see cref="RateLimitStep"/> applies the route's policies from <see cref="RoutePolicies"/>.</item>
/// <item>Idempotency: <see cref="IdempotencyStep"/> answers a repeated <c>Idempotency-Key</c> with the first response,
/// on the routes <see cref="RoutePolicies"/> names. After the rate limit, so a repeat counts like any request.</item>
/// </list>
/// </summary>
public sealed class HttpPipeline(ExceptionBoundary exceptions, RateLimitStep rateLimits, IdempotencyStep idempotency)
{
    /// <summary>The steps, outermost first.</summary>
    public IReadOnlyList<IHttpStep> Steps { get; } = [exceptions, rateLimits, idempotency];

    /// <summary>Runs the steps and then <paramref name="function"/>; the result to send, or null for the function's own.</summary>
    public Task<IActionResult?> RunAsync(HttpContext http, string functionName, Func<Task<IActionResult?>> function) =>
        Run(0, new HttpInvocation(http, functionName), function);

    private Task<IActionResult?> Run(int index, HttpInvocation invocation, Func<Task<IActionResult?>> function) =>
        index == Steps.Count
            ? function()
            : Steps[index].InvokeAsync(invocation, next => Run(index + 1, next, function));
}
