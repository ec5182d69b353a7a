using Festa.Core.Auth.ListSessions;
using Festa.Functions.Http;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Auth;

/// <summary>My active sessions, paged (<c>limit</c>, <c>cursor</c>), never with their tokens.</summary>
public sealed class ListMySessionsFunction(RequestAuthenticator auth, ListSessionsHandler handler)
{
    [Function("ListMySessions")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "auth/sessions")] HttpRequest request,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
        {
            var q = QueryParameters.Read(request, "limit", "cursor");
            return q.Problem ?? (await handler.HandleAsync(caller, q["limit"], q["cursor"], cancellationToken))
                .ToOk(request, FestaJsonContext.Default.PageSessionSummary);
        }, cancellationToken);
}
