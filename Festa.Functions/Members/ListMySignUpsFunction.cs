using Festa.Core.Events.SignUps.Mine;
using Festa.Functions.Http;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Members;

public sealed class ListMySignUpsFunction(RequestAuthenticator auth, ListMySignUpsHandler handler)
{
    [Function("ListMySignUps")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "members/me/signups")] HttpRequest request,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
            (await handler.HandleAsync(caller, cancellationToken)).ToOk(request, FestaJsonContext.Default.IReadOnlyListMySignUp),
            cancellationToken);
}
