using Festa.Core.Events.SignUps.Join;
using Festa.Functions.Http;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Pipeline;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Events;

public sealed class SignUpForEventFunction(RequestAuthenticator auth, SignUpForEventHandler handler)
{
    [Function("SignUpForEvent")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{id}/signups")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
            (await handler.HandleAsync(caller, id, cancellationToken, request.HttpContext.Features.Get<IdempotentRequest>()?.OperationId))
                .ToCreated(request, s => $"/api/events/{s.EventId}/signups/me", FestaJsonContext.Default.SignUpConfirmation),
            cancellationToken);
}
