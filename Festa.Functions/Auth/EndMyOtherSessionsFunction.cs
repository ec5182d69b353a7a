using Festa.Core.Auth.EndOtherSessions;
using Festa.Functions.Http;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Auth;

/// <summary>Ends every session of the caller except the one making this request.</summary>
public sealed class EndMyOtherSessionsFunction(RequestAuthenticator auth, EndOtherSessionsHandler handler)
{
    [Function("EndMyOtherSessions")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "auth/sessions")] HttpRequest request,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
        {
            await handler.HandleAsync(caller, cancellationToken);
            return ApiResult.Empty(StatusCodes.Status204NoContent);
        }, cancellationToken);
}
