using Festa.Core.Auth.ListSessions;
using Festa.Functions.Http;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Auth;

public sealed class ListMySessionsFunction(RequestAuthenticator auth, ListSessionsHandler handler)
{
    [Function("ListMySessions")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "auth/sessions")] HttpRequest request,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
        {
            var sessions = await handler.HandleAsync(caller, cancellationToken);
            return ApiResult.Json(StatusCodes.Status200OK, sessions, FestaJsonContext.Default.IReadOnlyListSessionSummary);
        }, cancellationToken);
}
