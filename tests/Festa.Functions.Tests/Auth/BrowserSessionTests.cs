using System.Text.Json;
using Festa.TestSupport;
using Festa.TestSupport.Http;

namespace Festa.Functions.Tests.Auth;

/// <summary>
/// Browser-safe login (the token only in the HttpOnly cookie) and the CSRF check of unsafe cookie-authenticated
/// requests (Origin / Sec-Fetch-Site against Festa:Http:AllowedOrigins), through the HTTP pipeline.
/// </summary>
public sealed class BrowserSessionTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    private const string App = "https://app.festa.example";

    private async Task<FestaClient> ApiAsync() =>
        (await store.StartInstanceAsync(s => s["Festa:Http:AllowedOrigins:0"] = App + "/")).Client;

    private static Dictionary<string, string> Headers(string cookieToken, string? origin = null, string? fetchSite = null)
    {
        var headers = new Dictionary<string, string> { ["Cookie"] = "__Host-festa-session=" + cookieToken };
        if (origin is not null)
        {
            headers["Origin"] = origin;
        }

        if (fetchSite is not null)
        {
            headers["Sec-Fetch-Site"] = fetchSite;
        }

        return headers;
    }

    private static Task<TestResponse> RenameAsync(FestaClient api, Dictionary<string, string> headers, string name = "Browser Ana") =>
        api.SendAsync("PATCH", "/api/members/me", JsonSerializer.Serialize(new { name }), headers: headers);

    private static string CookieToken(TestResponse login)
    {
        var cookie = Assert.Single(login.SetCookies);
        return cookie["__Host-festa-session=".Length..cookie.IndexOf(';', StringComparison.Ordinal)];
    }

    [Fact]
    public async Task A_browser_login_sets_only_the_cookie_and_an_api_login_returns_the_token_too()
    {
        var api = await ApiAsync();
        var userId = await api.SignUpAsync();
        var browser = new Dictionary<string, string> { ["Origin"] = App };
        var login = JsonSerializer.Serialize(new { userId, password = Requests.GoodPassword });

        var byBrowser = await api.SendAsync("POST", "/api/auth/login", login, headers: browser);
        var byApiClient = await api.PostAsync("/api/auth/login", Requests.Login(userId));
        var optedOut = await api.PostAsync("/api/auth/login", new { userId, password = Requests.GoodPassword, tokenInBody = false });
        var optedIn = await api.SendAsync("POST", "/api/auth/login",
            JsonSerializer.Serialize(new { userId, password = Requests.GoodPassword, tokenInBody = true }), headers: browser);

        Assert.Equal(200, byBrowser.Status);
        Assert.False(byBrowser.Json.TryGetProperty("token", out _), byBrowser.Body);
        Assert.Equal(userId, byBrowser.Json.GetProperty("member").GetProperty("userId").GetString());
        Assert.Matches("^[A-Za-z0-9_-]{43}$", CookieToken(byBrowser));
        Assert.DoesNotContain(CookieToken(byBrowser), byBrowser.Body, StringComparison.Ordinal);
        Assert.False(optedOut.Json.TryGetProperty("token", out _), optedOut.Body);
        Assert.Equal(CookieToken(byApiClient), byApiClient.Json.GetProperty("token").GetString());
        Assert.Equal(CookieToken(optedIn), optedIn.Json.GetProperty("token").GetString());

        // The cookie-only session works from the allowed origin.
        Assert.Equal(200, (await RenameAsync(api, Headers(CookieToken(byBrowser), origin: App))).Status);
    }

    [Fact]
    public async Task Unsafe_cookie_requests_need_an_allowed_origin_or_same_origin_fetch_metadata()
    {
        var api = await ApiAsync();
        var userId = await api.SignUpAsync();
        var token = await api.LoginAsync(userId);

        var allowed = new[]
        {
            Headers(token, origin: App),
            Headers(token, origin: "HTTPS://APP.festa.example"),
            Headers(token, origin: "https://festa.test"), // the API's own origin
            Headers(token, fetchSite: "same-origin"),
        };
        var refused = new[]
        {
            Headers(token),
            Headers(token, origin: "https://evil.example"),
            Headers(token, origin: "https://app.festa.example.evil.example"),
            Headers(token, origin: "http://app.festa.example"),
            Headers(token, origin: "null"),
            Headers(token, origin: "https://evil.example", fetchSite: "same-origin"),
            Headers(token, fetchSite: "same-site"),
            Headers(token, fetchSite: "cross-site"),
        };

        foreach (var headers in refused)
        {
            var response = await RenameAsync(api, headers, "Hijacked");
            Assert.True(response.Status == 403, $"{string.Join(", ", headers.Select(h => h.Key + ": " + h.Value))}: {response}");
            Assert.Equal("cross-site-request", response.ProblemCode);
            Assert.Equal("application/problem+json; charset=utf-8", response.ContentType);
        }

        foreach (var headers in allowed)
        {
            var response = await RenameAsync(api, headers);
            Assert.True(response.Status == 200, $"{string.Join(", ", headers.Select(h => h.Key + ": " + h.Value))}: {response}");
        }

        var me = await api.GetAsync("/api/members/me", token);
        Assert.Equal("Browser Ana", me.Json.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_cross_site_logout_or_withdrawal_by_cookie_changes_nothing_and_bearer_requests_are_not_concerned()
    {
        var api = await ApiAsync();
        var userId = await api.SignUpAsync();
        var token = await api.LoginAsync(userId);
        var evil = Headers(token, origin: "https://evil.example");

        var logout = await api.SendAsync("POST", "/api/auth/logout", headers: evil);
        var endOthers = await api.SendAsync("DELETE", "/api/auth/sessions", headers: evil);
        var readByCookie = await api.SendAsync("GET", "/api/members/me", headers: evil);

        Assert.Equal(403, logout.Status);
        Assert.Equal("cross-site-request", logout.ProblemCode);
        Assert.Empty(logout.SetCookies);
        Assert.Equal(403, endOthers.Status);
        Assert.Equal(200, readByCookie.Status); // safe methods are not concerned
        Assert.Equal(200, (await api.GetAsync("/api/members/me", token)).Status);

        // A bearer token from any origin, or none, is accepted: a page of another site cannot make a browser send it.
        var bearerFromAnywhere = await api.SendAsync("PATCH", "/api/members/me", JsonSerializer.Serialize(new { name = "Bearer Ana" }),
            token: token, headers: new Dictionary<string, string> { ["Origin"] = "https://evil.example" });
        Assert.Equal(200, bearerFromAnywhere.Status);

        // A stale bearer next to a live cookie is decided by the cookie, CSRF check included.
        var staleBearer = evil.ToDictionary();
        staleBearer["Authorization"] = "Bearer " + new string('A', 43);
        Assert.Equal(403, (await RenameAsync(api, staleBearer, "Hijacked")).Status);
    }

    [Fact]
    public async Task Without_configured_origins_only_the_apis_own_origin_may_use_the_cookie()
    {
        var api = store.Instance.Client;
        var userId = await api.SignUpAsync();
        var token = await api.LoginAsync(userId);

        Assert.Equal(403, (await RenameAsync(api, Headers(token, origin: App))).Status);
        Assert.Equal(200, (await RenameAsync(api, Headers(token, origin: "https://festa.test"))).Status);
    }
}
