using Festa.Core.Members.Withdraw;
using Festa.Functions.Http;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Members;

/// <summary>
/// Closes the caller's account, confirmed with the current password (<c>{"password": ...}</c>): frees its seats and
/// ends all of its sessions. Safe to retry with the same session until it answers 204.
/// </summary>
public sealed class WithdrawFunction(RequestAuthenticator auth, JsonBody body, WithdrawHandler handler, SessionCookie cookie, ClientAddress clients)
{
    [Function("Withdraw")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "members/me")] HttpRequest request,
        CancellationToken cancellationToken) =>
        auth.ForCallerWithBodyAsync(request, body, FestaJsonContext.Default.WithdrawRequest, async (caller, input) =>
        {
            var result = await handler.HandleAsync(caller, input, clients.Of(request), cancellationToken);
            if (result.IsSuccess)
            {
                cookie.Clear(request.HttpContext.Response);
            }

            return result.ToNoContent(request);
        }, cancellationToken);
}
