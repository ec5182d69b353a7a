using Festa.Core.Events.SignUps.Participants;
using Festa.Functions.Http;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Events;

/// <summary>Who is coming; the event's host only.</summary>
public sealed class ListParticipantsFunction(RequestAuthenticator auth, ListParticipantsHandler handler)
{
    [Function("ListParticipants")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "events/{id}/signups")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
        {
            var q = QueryParameters.Read(request, "limit", "cursor");
            return q.Problem ?? (await handler.HandleAsync(caller, id, q["limit"], q["cursor"], cancellationToken))
                .ToOk(request, FestaJsonContext.Default.PageParticipant);
        }, cancellationToken);
}
