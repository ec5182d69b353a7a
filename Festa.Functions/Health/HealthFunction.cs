using Festa.Core.Health;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Festa.Functions.Health;

/// <summary>
/// 200 <c>{"status":"healthy"}</c> when the configured store answers; 503 <c>store-unavailable</c> when it does not.
/// The route is anonymous, so it names neither the store nor its error: the reason goes to the log.
/// </summary>
public sealed partial class HealthFunction(HealthCheckHandler handler, ILogger<HealthFunction> logger)
{
    [Function("Health")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var report = await handler.HandleAsync(cancellationToken);
        if (report.Healthy)
        {
            return ApiResult.Json(StatusCodes.Status200OK, new HealthResponse("healthy"), FestaJsonContext.Default.HealthResponse);
        }

        LogUnhealthy(report.Store, report.Reason);
        return Problems.StoreUnavailable(request, null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check failed: the {Store} store did not answer ({Reason})")]
    private partial void LogUnhealthy(string store, string? reason);
}
