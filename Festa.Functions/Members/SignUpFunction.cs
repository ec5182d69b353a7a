using Festa.Core.Members.SignUp;
using Festa.Functions.Http;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Members;

public sealed class SignUpFunction(JsonBody body, SignUpHandler handler)
{
    [Function("SignUp")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "members")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var input = await body.ReadAsync(request, FestaJsonContext.Default.SignUpRequest, cancellationToken);
        if (input.Problem is { } problem)
        {
            return problem;
        }

        var result = await handler.HandleAsync(input.Value!, cancellationToken);
        return result.ToCreated(request, _ => "/api/members/me", FestaJsonContext.Default.MemberProfile);
    }
}
