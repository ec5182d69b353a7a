using Festa.Functions.Http;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Auth;

/// <summary>
/// Who the session belongs to and when it expires, from the session alone (one point read): lets a
/// client check its login cheaply, and slides the idle window like any authenticated request.
/// </summary>
public sealed class GetCurrentSessionFunction(RequestAuthenticator auth)
{
    [Function("GetCurrentSession")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "auth/session")] HttpRequest request,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, caller => Task.FromResult<IActionResult>(ApiResult.Json(StatusCodes.Status200OK,
            new CurrentSessionResponse(caller.MemberId.Value, caller.Role, caller.ExpiresAt), FestaJsonContext.Default.CurrentSessionResponse)),
            cancellationToken);
}
