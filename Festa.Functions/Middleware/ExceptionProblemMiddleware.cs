using Festa.Core;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Festa.Functions.Middleware;

/// <summary>
/// The last line of defence for HTTP functions: an exception that escapes a function becomes a problem
/// response instead of a bare 500 from the host. A store that is overloaded or unreachable (after the
/// SDK's own retries) is reported as 503 with Retry-After, anything else as 500 without details.
/// Non-HTTP triggers rethrow, so queue messages are retried and end in the poison queue.
/// </summary>
public sealed partial class ExceptionProblemMiddleware(IEnumerable<ITransientFailureClassifier> classifiers, ILogger<ExceptionProblemMiddleware> logger)
    : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.GetHttpContext() is { RequestAborted.IsCancellationRequested: false } http)
        {
            var transient = classifiers.Any(c => c.IsTransient(e));
            LogFailed(e, context.FunctionDefinition.Name, transient);
            context.GetInvocationResult().Value = ToProblem(http.Request, transient);
        }
    }

    public static ApiResult ToProblem(HttpRequest request, bool transient) => transient
        ? Problems.StoreUnavailable(request, null)
        : Problems.Create(StatusCodes.Status500InternalServerError, "internal-error", "Something went wrong on our side.",
            "The error has been logged; quote the traceId when reporting it.", request);

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} failed (transient store failure: {Transient})")]
    private partial void LogFailed(Exception exception, string functionName, bool transient);
}
