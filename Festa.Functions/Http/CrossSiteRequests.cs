using Festa.Core.Auth;
using Festa.Core.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Festa.Functions.Http;

/// <summary>
/// CSRF defence in depth for cookie-authenticated requests (the cookie is also SameSite=Lax). An unsafe request
/// (anything but GET, HEAD, OPTIONS, TRACE: RFC 9110 §9.2.1) that a browser authenticates with the session cookie
/// must come from a page of an allowed origin: its <c>Origin</c> header (RFC 6454 §7; browsers send it on every
/// cross-origin request and on same-origin non-GET requests) is the API's own origin or one of
/// <see cref="HttpOptions.AllowedOrigins"/>, or, without an <c>Origin</c>, its <c>Sec-Fetch-Site</c> (W3C Fetch
/// Metadata) is <c>same-origin</c>. A request with neither is refused: every current browser sends one of them, and
/// API clients authenticate with the bearer token, which this check does not concern (a page of another site
/// cannot make a browser attach it). OWASP CSRF Prevention Cheat Sheet, "Verifying Origin With Standard Headers"
/// and "Fetch Metadata headers".
/// </summary>
public sealed class CrossSiteRequests(IOptions<HttpOptions> options)
{
    public const string SecFetchSite = "Sec-Fetch-Site";

    /// <summary>The 403 problem <c>cross-site-request</c>.</summary>
    public static Error Refused => AuthErrors.CrossSiteRequest;

    private readonly HashSet<string> _allowed = new(
        options.Value.AllowedOrigins.Select(Normalize).OfType<string>(), StringComparer.OrdinalIgnoreCase);

    /// <summary>True when a request authenticated by the cookie may proceed: a safe method, or an allowed origin.</summary>
    public bool IsAllowed(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) ||
            HttpMethods.IsTrace(request.Method))
        {
            return true;
        }

        var origins = request.Headers[HeaderNames.Origin];
        if (origins.Count > 0)
        {
            return origins.Count == 1 && Normalize(origins[0]) is { } origin && (_allowed.Contains(origin) || IsOwn(origin, request));
        }

        var site = request.Headers[SecFetchSite];
        return site.Count == 1 && string.Equals(site[0], "same-origin", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The API's own origin: same host and port, over https (or the request's own scheme, e.g. http locally).</summary>
    private static bool IsOwn(string origin, HttpRequest request)
    {
        var uri = new Uri(origin);
        return request.Host.HasValue &&
            (uri.Scheme == Uri.UriSchemeHttps || string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)) &&
            string.Equals(uri.IsDefaultPort ? uri.Host : uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>"scheme://host[:port]" in lower case, without a trailing slash; null for anything else (e.g. "null").</summary>
    private static string? Normalize(string? origin) =>
        Uri.TryCreate(origin?.Trim().TrimEnd('/'), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" &&
        uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
            ? uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant()
            : null;
}
