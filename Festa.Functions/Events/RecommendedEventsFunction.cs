using Festa.Core.Events.Recommend;
using Festa.Functions.Http;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Events;

public sealed class RecommendedEventsFunction(RequestAuthenticator auth, RecommendEventsHandler handler)
{
    [Function("RecommendedEvents")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "events/recommended")] HttpRequest request,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
        {
            var q = QueryParameters.Read(request, "limit");
            return q.Problem ?? (await handler.HandleAsync(caller, q["limit"], cancellationToken))
                .ToOk(request, FestaJsonContext.Default.IReadOnlyListEventDetails);
        }, cancellationToken);
}
