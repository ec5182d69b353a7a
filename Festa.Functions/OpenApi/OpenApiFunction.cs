using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.OpenApi;

/// <summary>Serves the API description (OpenAPI 3.1) to anyone: client generators, Swagger UI, REST clients.</summary>
public sealed class OpenApiFunction
{
    [Function("OpenApi")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "openapi.json")] HttpRequest request) =>
        Task.FromResult<IActionResult>(new OpenApiDocumentResult());
}
