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
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "members/me")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var caller = await auth.AuthenticateAsync(request, cancellationToken);
        if (caller.Error is { } denied)
        {
            return denied.ToProblem(request);
        }

        var result = await handler.HandleAsync(caller.Value, cancellationToken);
        return result.ToOk(request, FestaJsonContext.Default.MemberProfile);
    }
}
