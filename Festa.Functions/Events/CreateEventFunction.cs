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
        auth.ForCallerAsync(request, async caller =>
        {
            var input = await body.ReadAsync(request, FestaJsonContext.Default.CreateEventRequest, cancellationToken);
            return input.Problem ?? (await handler.HandleAsync(caller, input.Value!, cancellationToken))
                .ToCreated(request, e => $"/api/events/{e.Id}", FestaJsonContext.Default.EventDetails);
        }, cancellationToken);
}
