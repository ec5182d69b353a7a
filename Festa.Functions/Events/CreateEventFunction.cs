using Festa.Core.Events.Create;
using Festa.Functions.Http;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Events;

public sealed class CreateEventFunction(RequestAuthenticator auth, JsonBody body, CreateEventHandler handler)
{
    [Function("CreateEvent")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events")] HttpRequest request,
        CancellationToken cancellationToken) =>
        auth.ForCallerWithBodyAsync(request, body, FestaJsonContext.Default.CreateEventRequest, async (caller, input) =>
            (await handler.HandleAsync(caller, input, cancellationToken))
                .ToCreated(request, e => $"/api/events/{e.Id}", FestaJsonContext.Default.EventDetails),
            cancellationToken);
}
