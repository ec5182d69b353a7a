using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Routing;

/// <summary>
/// Every request no other function takes: the host's router prefers any route with literal segments or parameters
/// over this catch-all, so this only sees a wrong method on an existing route (405 <c>method-not-allowed</c> with
/// <c>Allow</c>, RFC 9110 §15.5.6; OPTIONS gets 204 with <c>Allow</c>) or a path that is no route (404 <c>not-found</c>),
/// both as problem documents.
/// </summary>
public sealed class UnmatchedRouteFunction
{
    [Function("UnmatchedRoute")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", "post", "put", "patch", "delete", "options", Route = "{*path}")] HttpRequest request,
        string? path)
    {
        var allowed = RouteTable.AllowedMethods(path ?? string.Empty);
        if (allowed is not null && HttpMethods.IsOptions(request.Method))
        {
            // RFC 9110 §9.3.7: OPTIONS on a resource names its methods. (CORS preflights never get here: the host answers them.)
            return Task.FromResult<IActionResult>(ApiResult.Empty(StatusCodes.Status204NoContent).WithHeader("Allow", string.Join(", ", allowed.Append("OPTIONS"))));
        }

        IActionResult result = allowed is null
            ? Problems.Create(StatusCodes.Status404NotFound, "not-found", "There is no such route.",
                "See /api/openapi.json for the routes.", request)
            : Problems.Create(StatusCodes.Status405MethodNotAllowed, "method-not-allowed", "The route does not allow this method.",
                $"Allowed: {string.Join(", ", allowed)}.", request).WithHeader("Allow", string.Join(", ", allowed));
        return Task.FromResult(result);
    }
}
