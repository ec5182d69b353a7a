using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Festa.Functions.Http;

/// <summary>Writes and clears the session cookie: HttpOnly, Secure, SameSite=Lax, Path=/.</summary>
public sealed class SessionCookie(IOptions<HttpOptions> options)
{
    private readonly string _name = options.Value.SessionCookieName;

    public void Set(HttpResponse response, string token, DateTimeOffset expires) =>
        response.Cookies.Append(_name, token, Options(expires));

    public void Clear(HttpResponse response) =>
        response.Cookies.Delete(_name, Options(expires: null));

    private static CookieOptions Options(DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
