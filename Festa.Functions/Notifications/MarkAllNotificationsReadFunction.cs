using Festa.Core.Notifications;
using Festa.Functions.Http;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Notifications;

public sealed class MarkAllNotificationsReadFunction(RequestAuthenticator auth, MarkAllReadHandler handler)
{
    [Function("MarkAllNotificationsRead")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "members/me/notifications/read-all")] HttpRequest request,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
            (await handler.HandleAsync(caller, cancellationToken)).ToNoContent(request),
            cancellationToken);
}
