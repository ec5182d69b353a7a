using Festa.Core.Auth.Logout;
using Festa.Functions.Http;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Auth;

/// <summary>
/// Ends the caller's session in the store (every instance stops honouring it at once) and clears the
/// cookie. Idempotent: logging out without a live session still answers 204. A cookie-authenticated logout from a
/// disallowed origin is refused (403 <c>cross-site-request</c>) like any other unsafe cookie request.
/// </summary>
public sealed class LogoutFunction(RequestAuthenticator auth, LogoutHandler handler, SessionCookie cookie)
{
    [Function("Logout")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/logout")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var caller = await auth.AuthenticateAsync(request, cancellationToken);
        if (caller.Error == CrossSiteRequests.Refused)
        {
            return caller.Error.ToProblem(request);
        }

        if (caller.IsSuccess)
        {
            await handler.HandleAsync(caller.Value, cancellationToken);
        }

        cookie.Clear(request.HttpContext.Response);
        return ApiResult.Empty(StatusCodes.Status204NoContent);
    }
}
