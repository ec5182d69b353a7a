using Festa.Core.Health;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Health;

/// <summary>200 when the configured store answers; 503 (a problem document) when it does not.</summary>
public sealed class HealthFunction(HealthCheckHandler handler)
{
    [Function("Health")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var report = await handler.HandleAsync(cancellationToken);
        return report.Healthy
            ? ApiResult.Json(StatusCodes.Status200OK, new HealthResponse("healthy", report.Store), FestaJsonContext.Default.HealthResponse)
            : Problems.StoreUnavailable(request, report.Reason);
    }
}
