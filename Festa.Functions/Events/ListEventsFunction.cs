using Festa.Core.Events.List;
using Festa.Functions.Http;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Events;

/// <summary>Upcoming events for signed-in members, as in the original service.</summary>
public sealed class ListEventsFunction(RequestAuthenticator auth, ListEventsHandler handler)
{
    [Function("ListEvents")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events")] HttpRequest request,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async _ =>
        {
            var query = new ListEventsRequest(request.QueryValue("category"), request.QueryValue("city"), request.QueryValue("district"),
                request.QueryValue("from"), request.QueryValue("to"), request.QueryValue("limit"), request.QueryValue("cursor"));
            return (await handler.HandleAsync(query, cancellationToken)).ToOk(request, FestaJsonContext.Default.PageEventSummary);
        }, cancellationToken);
}
