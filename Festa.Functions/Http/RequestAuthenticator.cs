using System.Text.Json.Serialization.Metadata;
using Festa.Core.Auth.Authenticate;
using Festa.Core.Auth.Sessions;
using Festa.Core.Common;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Festa.Functions.Http;

/// <summary>
/// Resolves the caller of an HTTP request from its bearer token or session cookie, once per request: the result is
/// kept on the HttpContext, so the pipeline (per-member rate limits) and the function share one session lookup.
/// This is also the one place of the CSRF check: a caller who would be authenticated by the cookie alone on an
/// unsafe request from a disallowed origin gets <see cref="CrossSiteRequests.Refused"/> (403) instead, before the
/// session is even looked up; bearer-authenticated requests are not concerned.
/// </summary>
public sealed class RequestAuthenticator(SessionTokenReader tokens, SessionAuthenticator authenticator, CrossSiteRequests crossSite)
{
    private static readonly object CallerKey = new();

    public async Task<Result<CurrentSession>> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var items = request.HttpContext.Items;
        if (items.TryGetValue(CallerKey, out var known) && known is Result<CurrentSession> resolved)
        {
            return resolved;
        }

        var caller = await ResolveAsync(request, cancellationToken);
        items[CallerKey] = caller;
        return caller;
    }

    private async Task<Result<CurrentSession>> ResolveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var bearer = tokens.ReadBearer(request).ToList();
        if (bearer.Count > 0)
        {
            var byBearer = await authenticator.AuthenticateAsync(bearer, cancellationToken);
            if (byBearer.IsSuccess)
            {
                return byBearer;
            }
        }

        var cookies = tokens.ReadCookies(request).ToList();
        if (cookies.Count == 0)
        {
            return CommonErrors.Unauthenticated;
        }

        return crossSite.IsAllowed(request) ? await authenticator.AuthenticateAsync(cookies, cancellationToken) : CrossSiteRequests.Refused;
    }

    /// <summary>Runs <paramref name="handle"/> for an authenticated caller; anyone else gets the 401 problem.</summary>
    public async Task<IActionResult> ForCallerAsync(HttpRequest request, Func<CurrentSession, Task<IActionResult>> handle,
        CancellationToken cancellationToken)
    {
        var caller = await AuthenticateAsync(request, cancellationToken);
        return caller.Error is { } denied ? denied.ToProblem(request) : await handle(caller.Value);
    }

    /// <summary>
    /// Like <see cref="ForCallerAsync"/>, and then reads the JSON body: the caller is checked first, so an
    /// anonymous request learns nothing from body validation.
    /// </summary>
    public Task<IActionResult> ForCallerWithBodyAsync<T>(HttpRequest request, JsonBody body, JsonTypeInfo<T> typeInfo,
        Func<CurrentSession, T, Task<IActionResult>> handle, CancellationToken cancellationToken)
        where T : class =>
        ForCallerAsync(request, async caller =>
        {
            var input = await body.ReadAsync(request, typeInfo, cancellationToken);
            return input.Problem ?? await handle(caller, input.Value!);
        }, cancellationToken);
}
