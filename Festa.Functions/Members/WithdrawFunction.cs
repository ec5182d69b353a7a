using Festa.Core.Members.Withdraw;
using Festa.Functions.Http;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Members;

/// <summary>Closes the caller's account and ends all of its sessions.</summary>
public sealed class WithdrawFunction(RequestAuthenticator auth, WithdrawHandler handler, SessionCookie cookie)
{
    [Function("Withdraw")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "members/me")] HttpRequest request,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
        {
            var result = await handler.HandleAsync(caller, cancellationToken);
            if (result.IsSuccess)
            {
                cookie.Clear(request.HttpContext.Response);
            }

            return result.ToNoContent(request);
        }, cancellationToken);
}
