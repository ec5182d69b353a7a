using Festa.Core.Events.Get;
using Festa.Functions.Http;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Events;

public sealed class GetEventFunction(RequestAuthenticator auth, GetEventHandler handler)
{
    [Function("GetEvent")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "events/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
            (await handler.HandleAsync(caller, id, cancellationToken)).ToOk(request, FestaJsonContext.Default.EventDetails),
            cancellationToken);
}
