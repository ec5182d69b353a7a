using Festa.Core.Notifications;
using Festa.Functions.Http;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Notifications;

public sealed class MarkNotificationReadFunction(RequestAuthenticator auth, MarkReadHandler handler)
{
    [Function("MarkNotificationRead")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "members/me/notifications/{id}/read")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
            (await handler.HandleAsync(caller, id, cancellationToken)).ToNoContent(request),
            cancellationToken);
}
