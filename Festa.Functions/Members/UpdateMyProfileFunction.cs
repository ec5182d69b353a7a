using Festa.Core.Members.Profile;
using Festa.Functions.Http;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Members;

/// <summary>JSON merge patch of name, email, phone and region.</summary>
public sealed class UpdateMyProfileFunction(RequestAuthenticator auth, JsonBody body, UpdateProfileHandler handler)
{
    [Function("UpdateMyProfile")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "members/me")] HttpRequest request,
        CancellationToken cancellationToken) =>
        auth.ForCallerWithBodyAsync(request, body, FestaJsonContext.Default.UpdateProfileRequest, async (caller, input) =>
            (await handler.HandleAsync(caller, input, cancellationToken)).ToOk(request, FestaJsonContext.Default.MemberProfile),
            cancellationToken);
}
