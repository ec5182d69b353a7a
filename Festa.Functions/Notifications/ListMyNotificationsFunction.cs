using Festa.Core.Notifications;
using Festa.Functions.Http;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Notifications;

/// <summary>My inbox, newest first, paged, with the unread count.</summary>
public sealed class ListMyNotificationsFunction(RequestAuthenticator auth, ListMyNotificationsHandler handler)
{
    [Function("ListMyNotifications")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "members/me/notifications")] HttpRequest request,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
        {
            var q = QueryParameters.Read(request, "limit", "cursor");
            return q.Problem ?? (await handler.HandleAsync(caller, q["limit"], q["cursor"], cancellationToken))
                .ToOk(request, FestaJsonContext.Default.NotificationPage);
        }, cancellationToken);
}
