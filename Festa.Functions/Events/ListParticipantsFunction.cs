using Festa.Core.Common;
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
            if (q.Problem is { } problem)
            {
                return problem;
            }

            // The handler pages any printable key; only sign-up row keys may reach the store's range query.
            if (Paging.Parse(q["limit"], q["cursor"], CursorList.Participants).Error is { } invalid)
            {
                return invalid.ToProblem(request);
            }

            return (await handler.HandleAsync(caller, id, q["limit"], q["cursor"], cancellationToken))
                .ToOk(request, FestaJsonContext.Default.PageParticipant);
        }, cancellationToken);
}
