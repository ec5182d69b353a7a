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
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auth/sessions")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var caller = await auth.AuthenticateAsync(request, cancellationToken);
        if (caller.Error is { } denied)
        {
            return denied.ToProblem(request);
        }

        var sessions = await handler.HandleAsync(caller.Value, cancellationToken);
        return ApiResult.Json(StatusCodes.Status200OK, sessions, FestaJsonContext.Default.IReadOnlyListSessionSummary);
    }
}
