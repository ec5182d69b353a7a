using Festa.Core.Auth.Login;
using Festa.Functions.Http;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;

namespace Festa.Functions.Auth;

/// <summary>Opens a session: the token comes back in the body (for API clients) and as a cookie (for browsers).</summary>
public sealed class LoginFunction(JsonBody body, LoginHandler handler, SessionCookie cookie, ClientAddress clients)
{
    [Function("Login")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/login")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var input = await body.ReadAsync(request, FestaJsonContext.Default.LoginRequest, cancellationToken);
        if (input.Problem is { } problem)
        {
            return problem;
        }

        var userAgent = request.Headers[HeaderNames.UserAgent].ToString();
        var result = await handler.HandleAsync(input.Value!, userAgent, clients.Of(request), cancellationToken);
        if (result.Error is { } error)
        {
            return error.ToProblem(request);
        }

        var issued = result.Value;
        cookie.Set(request.HttpContext.Response, issued.Token, issued.Session.AbsoluteExpiresAt);
        var response = new LoginResponse(issued.Token, issued.Session.IdleExpiresAt, issued.Session.AbsoluteExpiresAt,
            issued.Member.ToProfile());
        return ApiResult.Json(StatusCodes.Status200OK, response, FestaJsonContext.Default.LoginResponse);
    }
}
