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
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "events")] HttpRequest request,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async _ =>
        {
            var q = QueryParameters.Read(request, "category", "city", "district", "from", "to", "limit", "cursor");
            return q.Problem ?? (await handler.HandleAsync(new ListEventsRequest(q["category"], q["city"], q["district"], q["from"], q["to"], q["limit"], q["cursor"]),
                cancellationToken)).ToOk(request, FestaJsonContext.Default.PageEventSummary);
        }, cancellationToken);
}
