using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Festa.Functions.Http;

/// <summary>
/// Finds the session tokens a request presents: an <c>Authorization: Bearer</c> token first, then the
/// session cookie. Cookies are parsed by hand because the Functions host has been seen to join several
/// Cookie headers into one with commas; tokens never contain ',' or ';', so both separate cookies.
/// </summary>
public sealed class SessionTokenReader(IOptions<HttpOptions> options)
{
    private const int MaxCookieHeaderLength = 16 * 1024;
    private readonly string _cookieName = options.Value.SessionCookieName;

    public IEnumerable<string> Read(HttpRequest request) => ReadBearer(request).Concat(ReadCookies(request));

    /// <summary>Tokens of <c>Authorization: Bearer</c> headers.</summary>
    public IEnumerable<string> ReadBearer(HttpRequest request)
    {
        foreach (var header in request.Headers.Authorization)
        {
            if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                yield return header["Bearer ".Length..].Trim();
            }
        }
    }

    /// <summary>Values of the session cookie (a browser may send stale ones next to the live one).</summary>
    public IEnumerable<string> ReadCookies(HttpRequest request)
    {

        foreach (var header in request.Headers.Cookie)
        {
            if (header is null || header.Length > MaxCookieHeaderLength)
            {
                continue;
            }

            foreach (var pair in header.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && pair.AsSpan(0, equals).Trim().SequenceEqual(_cookieName))
                {
                    yield return pair[(equals + 1)..].Trim().Trim('"');
                }
            }
        }
    }
}
