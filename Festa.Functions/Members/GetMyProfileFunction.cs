using Festa.Core.Members.Profile;
using Festa.Functions.Http;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Members;

public sealed class GetMyProfileFunction(RequestAuthenticator auth, GetProfileHandler handler)
{
    [Function("GetMyProfile")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "members/me")] HttpRequest request,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
        {
            var result = await handler.HandleAsync(caller, cancellationToken);
            return result.ToOk(request, FestaJsonContext.Default.MemberProfile);
        }, cancellationToken);
}
