using Festa.Core;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Festa.Functions.Http.Pipeline;

/// <summary>
/// The outermost step: an exception that escapes a later step or the function becomes a problem response instead
/// of a bare 500 from the host. A store that is overloaded or unreachable (after the SDK's own retries) is reported
/// as 503 with Retry-After, anything else as 500 without details. A request the client already abandoned is not
/// answered (the exception propagates). Non-HTTP triggers never pass here, so queue messages are retried and end
/// in the poison queue.
/// </summary>
public sealed partial class ExceptionBoundary(IEnumerable<ITransientFailureClassifier> classifiers, ILogger<ExceptionBoundary> logger)
    : IHttpStep
{
    public async Task<IActionResult?> InvokeAsync(HttpInvocation invocation, HttpStepDelegate next)
    {
        try
        {
            return await next(invocation);
        }
        catch (Exception e) when (!invocation.Aborted.IsCancellationRequested)
        {
            var transient = classifiers.Any(c => c.IsTransient(e));
            LogFailed(e, invocation.FunctionName, transient);
            return ToProblem(invocation.Request, transient, classifiers.Select(c => c.RetryAfterOf(e)).FirstOrDefault(r => r is not null));
        }
    }

    public static ApiResult ToProblem(HttpRequest request, bool transient, TimeSpan? retryAfter = null) => transient
        ? Problems.StoreUnavailable(request, null, retryAfter)
        : Problems.Create(StatusCodes.Status500InternalServerError, "internal-error", "Something went wrong on our side.",
            "The error has been logged; quote the traceId when reporting it.", request);

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} failed (transient store failure: {Transient})")]
    private partial void LogFailed(Exception exception, string functionName, bool transient);
}
