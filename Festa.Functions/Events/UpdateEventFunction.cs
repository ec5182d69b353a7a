using Festa.Core.Events.Update;
using Festa.Functions.Http;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Events;

/// <summary>JSON merge patch of an event, by its host.</summary>
public sealed class UpdateEventFunction(RequestAuthenticator auth, JsonBody body, UpdateEventHandler handler)
{
    [Function("UpdateEvent")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "events/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        auth.ForCallerWithBodyAsync(request, body, FestaJsonContext.Default.UpdateEventRequest, async (caller, input) =>
            (await handler.HandleAsync(caller, id, input, cancellationToken)).ToOk(request, FestaJsonContext.Default.EventDetails),
            cancellationToken);
}
