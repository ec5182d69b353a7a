using Festa.Core.Events.Delete;
using Festa.Functions.Http;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Events;

public sealed class DeleteEventFunction(RequestAuthenticator auth, DeleteEventHandler handler)
{
    [Function("DeleteEvent")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "events/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
            (await handler.HandleAsync(caller, id, cancellationToken)).ToNoContent(request),
            cancellationToken);
}
