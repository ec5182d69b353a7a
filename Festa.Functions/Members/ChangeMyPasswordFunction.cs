using Festa.Core.Members.Password;
using Festa.Functions.Http;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Members;

/// <summary>Changes the password; every other session of the member ends.</summary>
public sealed class ChangeMyPasswordFunction(RequestAuthenticator auth, JsonBody body, ChangePasswordHandler handler, ClientAddress clients)
{
    [Function("ChangeMyPassword")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "members/me/password")] HttpRequest request,
        CancellationToken cancellationToken) =>
        auth.ForCallerWithBodyAsync(request, body, FestaJsonContext.Default.ChangePasswordRequest, async (caller, input) =>
            (await handler.HandleAsync(caller, input, clients.Of(request), cancellationToken)).ToNoContent(request),
            cancellationToken);
}
