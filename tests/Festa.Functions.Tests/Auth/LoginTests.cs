using Festa.Core.Members.Passwords;
using Festa.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Festa.Functions.Tests.Auth;

public sealed class LoginTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    private Festa.TestSupport.Http.FestaClient Api => store.Instance.Client;

    [Fact]
    public async Task Login_returns_a_token_its_expiry_the_member_and_a_locked_down_cookie()
    {
        var userId = await Api.SignUpAsync();

        var response = await Api.PostAsync("/api/auth/login", Requests.Login(userId.ToUpperInvariant()));

        Assert.Equal(200, response.Status);
        var token = response.Json.GetProperty("token").GetString()!;
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        Assert.True(response.Json.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(29));
        Assert.Equal(userId, response.Json.GetProperty("member").GetProperty("userId").GetString());
        Assert.Equal("no-store", response.Header("Cache-Control"));

        var cookie = Assert.Single(response.SetCookies);
        Assert.StartsWith($"__Host-festa-session={token};", cookie);
        var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Select(a => a.ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("secure", attributes);
        Assert.Contains("samesite=lax", attributes);
        Assert.Contains("path=/", attributes);
        Assert.DoesNotContain(attributes, a => a.StartsWith("domain=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_session_works_as_a_bearer_token_and_as_a_cookie()
    {
        var userId = await Api.SignUpAsync();
        var token = await Api.LoginAsync(userId);

        var bearer = await Api.GetAsync("/api/members/me", token);
        var cookie = await Api.GetWithCookieAsync("/api/members/me", $"__Host-festa-session={token}");
        var none = await Api.GetAsync("/api/members/me");

        Assert.Equal(200, bearer.Status);
        Assert.Equal(200, cookie.Status);
        Assert.Equal(401, none.Status);
        Assert.Equal("unauthenticated", none.ProblemCode);
        Assert.Equal("Bearer realm=\"festa\"", none.Header("WWW-Authenticate"));
    }

    [Theory]
    [InlineData("theme=dark; __Host-festa-session={0}; lang=ko")]
    [InlineData("theme=dark, __Host-festa-session={0}, lang=ko")]
    [InlineData("__Host-festa-session=stale-garbage; __Host-festa-session={0}")]
    [InlineData("  __Host-festa-session = \"{0}\" ;")]
    public async Task Cookies_are_found_however_the_host_joins_them(string header)
    {
        var userId = await Api.SignUpAsync();
        var token = await Api.LoginAsync(userId);

        var response = await Api.GetWithCookieAsync("/api/members/me", string.Format(System.Globalization.CultureInfo.InvariantCulture, header, token));

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task Unknown_user_withdrawn_user_and_wrong_password_fail_identically()
    {
        var userId = await Api.SignUpAsync();
        var withdrawn = await Api.SignUpAsync();
        Assert.Equal(204, (await Api.WithdrawAsync(await Api.LoginAsync(withdrawn))).Status);

        var wrong = await Api.PostAsync("/api/auth/login", Requests.Login(userId, "Wrong-Password-1"));
        var unknown = await Api.PostAsync("/api/auth/login", Requests.Login(Seed.NewUserId(), "Wrong-Password-1"));
        var gone = await Api.PostAsync("/api/auth/login", Requests.Login(withdrawn));

        foreach (var response in new[] { wrong, unknown, gone })
        {
            Assert.Equal(401, response.Status);
            Assert.Equal("invalid-credentials", response.ProblemCode);
            Assert.Empty(response.SetCookies);
        }

        Assert.Equal(Without(wrong.Json, "traceId"), Without(unknown.Json, "traceId"));
        Assert.Equal(Without(wrong.Json, "traceId"), Without(gone.Json, "traceId"));
    }

    [Fact]
    public async Task A_failed_login_costs_one_password_verification_whether_or_not_the_account_exists_and_a_malformed_one_none()
    {
        var hasher = new CountingPasswordHasher(new IdentityPasswordHasher(Options.Create(new PasswordHashingOptions())));
        var instance = await store.StartInstanceAsync(services: s => s.AddSingleton<IPasswordHasher>(hasher));
        var userId = await instance.Client.SignUpAsync();

        foreach (var attempt in new[] { Requests.Login(userId, "Wrong-Password-1"), Requests.Login(Seed.NewUserId(), "Wrong-Password-1") })
        {
            var before = hasher.Verifications;
            Assert.Equal(401, (await instance.Client.PostAsync("/api/auth/login", attempt)).Status);
            Assert.Equal(1, hasher.Verifications - before);
        }

        // Requests that name no account are refused before any hashing: they cost what they sent.
        var malformed = new object[]
        {
            Requests.Login("bad id!", "Wrong-Password-1"), Requests.Login(userId, ""), Requests.Login(userId, new string('x', 2000)),
            new { userId }, new { password = "Wrong-Password-1" },
        };
        var beforeMalformed = hasher.Verifications;
        foreach (var attempt in malformed)
        {
            Assert.Equal(401, (await instance.Client.PostAsync("/api/auth/login", attempt)).Status);
        }

        foreach (var raw in new[] { "{", "[]", "{\"userId\": 5}", "null" })
        {
            Assert.Equal(400, (await instance.Client.SendAsync("POST", "/api/auth/login", raw)).Status);
        }

        Assert.Equal(0, hasher.Verifications - beforeMalformed);
    }

    [Fact]
    public async Task Logout_deletes_the_session_and_clears_the_cookie()
    {
        var userId = await Api.SignUpAsync();
        var token = await Api.LoginAsync(userId);

        var logout = await Api.PostAsync("/api/auth/logout", token: token);

        Assert.Equal(204, logout.Status);
        var cleared = Assert.Single(logout.SetCookies);
        Assert.StartsWith("__Host-festa-session=;", cleared);
        Assert.Contains("expires=Thu, 01 Jan 1970", cleared, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(401, (await Api.GetAsync("/api/members/me", token)).Status);
        Assert.Equal(204, (await Api.PostAsync("/api/auth/logout", token: token)).Status);
    }

    [Fact]
    public async Task My_sessions_are_listed_without_tokens_and_the_others_can_be_ended()
    {
        var userId = await Api.SignUpAsync();
        var first = await Api.LoginAsync(userId);
        var second = await Api.LoginAsync(userId);
        var third = await Api.LoginAsync(userId);

        var list = await Api.GetAsync("/api/auth/sessions", second);

        Assert.Equal(200, list.Status);
        Assert.Equal(3, list.Json.GetProperty("items").GetArrayLength());
        Assert.False(list.Json.TryGetProperty("nextCursor", out _));
        Assert.Single(list.Json.GetProperty("items").EnumerateArray(), s => s.GetProperty("current").GetBoolean());
        foreach (var token in new[] { first, second, third })
        {
            Assert.DoesNotContain(token, list.Body, StringComparison.Ordinal);
        }

        Assert.Equal(204, (await Api.DeleteAsync("/api/auth/sessions", second)).Status);
        Assert.Equal(401, (await Api.GetAsync("/api/members/me", first)).Status);
        Assert.Equal(401, (await Api.GetAsync("/api/members/me", third)).Status);
        Assert.Equal(200, (await Api.GetAsync("/api/members/me", second)).Status);
        Assert.Equal(1, (await Api.GetAsync("/api/auth/sessions", second)).Json.GetProperty("items").GetArrayLength());
    }

    private static Dictionary<string, string> Without(System.Text.Json.JsonElement json, string property) =>
        json.EnumerateObject().Where(p => p.Name != property).ToDictionary(p => p.Name, p => p.Value.ToString());
}
