using Festa.Core.Members.Password;
using Festa.Functions.Http;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Members;

/// <summary>Changes the password; every other session of the member ends.</summary>
public sealed class ChangeMyPasswordFunction(RequestAuthenticator auth, JsonBody body, ChangePasswordHandler handler)
{
    [Function("ChangeMyPassword")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "members/me/password")] HttpRequest request,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
        {
            var input = await body.ReadAsync(request, FestaJsonContext.Default.ChangePasswordRequest, cancellationToken);
            if (input.Problem is { } problem)
            {
                return problem;
            }

            var result = await handler.HandleAsync(caller, input.Value!, cancellationToken);
            return result.ToNoContent(request);
        }, cancellationToken);
}
