using Festa.Core.Auth.Login;
using Festa.Functions.Http;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;

namespace Festa.Functions.Auth;

/// <summary>
/// Opens a session: the token comes back as an HttpOnly cookie (for browsers) and, unless the request says
/// <c>"tokenInBody": false</c>, in the body (for API clients). Without <c>tokenInBody</c>, a request carrying an
/// <c>Origin</c> header (a browser's fetch) gets the cookie only, so no script on the page can read the token.
/// </summary>
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
        var tokenInBody = input.Value!.TokenInBody ?? !request.Headers.ContainsKey(HeaderNames.Origin);
        var response = new LoginResponse(tokenInBody ? issued.Token : null, issued.Session.IdleExpiresAt, issued.Session.AbsoluteExpiresAt,
            issued.Member.ToProfile());
        return ApiResult.Json(StatusCodes.Status200OK, response, FestaJsonContext.Default.LoginResponse);
    }
}
