using Festa.Core.Events.Waitlist;
using Festa.Functions.Http;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Pipeline;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Events;

/// <summary>An event's waiting list: join when full, see or give up one's place, and the host's ordered list (docs/api.md).</summary>
public sealed class WaitlistFunctions(RequestAuthenticator auth, WaitlistService waitlists)
{
    [Function("JoinWaitlist")]
    public Task<IActionResult> JoinAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{id}/waitlist")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
            (await waitlists.JoinAsync(caller, id, cancellationToken, request.HttpContext.Features.Get<IdempotentRequest>()?.OperationId))
                .ToCreated(request, p => $"/api/events/{p.EventId}/waitlist/me", FestaJsonContext.Default.WaitlistPlace),
            cancellationToken);

    [Function("GetMyWaitlistPlace")]
    public Task<IActionResult> GetMineAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "events/{id}/waitlist/me")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
            (await waitlists.FindMineAsync(caller, id, cancellationToken)).ToOk(request, FestaJsonContext.Default.MyWaitlistPlace),
            cancellationToken);

    [Function("LeaveWaitlist")]
    public Task<IActionResult> LeaveAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "events/{id}/waitlist/me")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
            (await waitlists.LeaveAsync(caller, id, cancellationToken)).ToNoContent(request),
            cancellationToken);

    /// <summary>The host's view, in order; <c>limit</c> 1–100 (default 20), <c>cursor</c> from the previous page.</summary>
    [Function("ListWaitlist")]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "events/{id}/waitlist")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
        {
            var q = QueryParameters.Read(request, "limit", "cursor");
            return q.Problem ?? (await waitlists.ListAsync(caller, id, q["limit"], q["cursor"], cancellationToken))
                .ToOk(request, FestaJsonContext.Default.PageWaitingMember);
        }, cancellationToken);

    [Function("ListMyWaitlists")]
    public Task<IActionResult> ListMineAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "members/me/waitlists")] HttpRequest request,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
            (await waitlists.ListMineAsync(caller, cancellationToken)).ToOk(request, FestaJsonContext.Default.IReadOnlyListMyWaitlist),
            cancellationToken);
}
