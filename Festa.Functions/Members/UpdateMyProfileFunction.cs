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
        auth.ForCallerAsync(request, async caller =>
        {
            var input = await body.ReadAsync(request, FestaJsonContext.Default.UpdateProfileRequest, cancellationToken);
            if (input.Problem is { } problem)
            {
                return problem;
            }

            var result = await handler.HandleAsync(caller, input.Value!, cancellationToken);
            return result.ToOk(request, FestaJsonContext.Default.MemberProfile);
        }, cancellationToken);
}
