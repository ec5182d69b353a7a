using Festa.TestSupport;

namespace Festa.Functions.Tests.Members;

public sealed class ProfileTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    private Festa.TestSupport.Http.FestaClient Api => store.Instance.Client;

    [Fact]
    public async Task My_profile_is_shown_to_me()
    {
        var userId = await Api.SignUpAsync();
        var me = await Api.GetAsync("/api/members/me", await Api.LoginAsync(userId));

        Assert.Equal(200, me.Status);
        Assert.Equal(userId, me.Json.GetProperty("userId").GetString());
        Assert.Equal("ana@example.com", me.Json.GetProperty("email").GetString());
        Assert.Equal("member", me.Json.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Patch_changes_only_what_it_names_and_null_clears_optional_fields()
    {
        var userId = await Api.SignUpAsync();
        var token = await Api.LoginAsync(userId);

        var patched = await Api.SendAsync("PATCH", "/api/members/me",
            """{ "name": "Ana K.", "phone": null, "region": { "city": "Busan", "district": "Haeundae-gu" } }""",
            contentType: "application/merge-patch+json", token: token);

        Assert.Equal(200, patched.Status);
        Assert.Equal("Ana K.", patched.Json.GetProperty("name").GetString());
        Assert.Equal("ana@example.com", patched.Json.GetProperty("email").GetString());
        Assert.False(patched.Json.TryGetProperty("phone", out _));
        Assert.Equal("Busan", patched.Json.GetProperty("region").GetProperty("city").GetString());

        var reread = await Api.GetAsync("/api/members/me", token);
        Assert.Equal(patched.Body, reread.Body);
    }

    [Fact]
    public async Task Patch_cannot_blank_required_fields_or_sneak_in_others()
    {
        var token = await Api.LoginAsync(await Api.SignUpAsync());

        var blankName = await Api.PatchAsync("/api/members/me", new { name = (string?)null }, token);
        var badEmail = await Api.PatchAsync("/api/members/me", new { email = "not-an-email" }, token);
        var role = await Api.PatchAsync("/api/members/me", new { role = "host" }, token);

        Assert.Equal(400, blankName.Status);
        Assert.Equal(400, badEmail.Status);
        Assert.Equal(400, role.Status);
        Assert.Equal("malformed-json", role.ProblemCode);
        Assert.Equal("member", (await Api.GetAsync("/api/members/me", token)).Json.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Changing_the_password_ends_my_other_sessions_but_not_this_one()
    {
        var userId = await Api.SignUpAsync();
        var here = await Api.LoginAsync(userId);
        var elsewhere = await Api.LoginAsync(userId);

        var change = await Api.PutAsync("/api/members/me/password",
            new { currentPassword = Requests.GoodPassword, newPassword = "Quiet-Meadow-9931" }, here);

        Assert.Equal(204, change.Status);
        Assert.Equal(200, (await Api.GetAsync("/api/members/me", here)).Status);
        Assert.Equal(401, (await Api.GetAsync("/api/members/me", elsewhere)).Status);
        Assert.Equal(401, (await Api.PostAsync("/api/auth/login", Requests.Login(userId))).Status);
        Assert.Equal(200, (await Api.PostAsync("/api/auth/login", Requests.Login(userId, "Quiet-Meadow-9931"))).Status);
    }

    [Fact]
    public async Task A_wrong_current_password_changes_nothing_and_counts_as_a_failed_login()
    {
        // Exact counts: the rate-limit window must not roll over during the test.
        await RateLimitWindows.ClearOfBoundaryAsync(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(40), TestContext.Current.CancellationToken);
        var userId = await Api.SignUpAsync();
        var token = await Api.LoginAsync(userId);

        for (var i = 0; i < 5; i++)
        {
            var wrong = await Api.PutAsync("/api/members/me/password",
                new { currentPassword = "Not-The-Password-1", newPassword = "Quiet-Meadow-9931" }, token);
            Assert.Equal(400, wrong.Status);
            Assert.True(wrong.Json.GetProperty("errors").TryGetProperty("currentPassword", out _));
        }

        var locked = await Api.PutAsync("/api/members/me/password",
            new { currentPassword = Requests.GoodPassword, newPassword = "Quiet-Meadow-9931" }, token);
        Assert.Equal(429, locked.Status);
        Assert.Equal(429, (await Api.PostAsync("/api/auth/login", Requests.Login(userId))).Status);
    }

    [Fact]
    public async Task Withdrawal_ends_every_session_keeps_the_id_reserved_and_fails_logins_like_a_wrong_password()
    {
        // Exact counts: the rate-limit window must not roll over during the test.
        await RateLimitWindows.ClearOfBoundaryAsync(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(40), TestContext.Current.CancellationToken);
        var userId = await Api.SignUpAsync();
        var token = await Api.LoginAsync(userId);
        var other = await Api.LoginAsync(userId);

        var withdraw = await Api.WithdrawAsync(token);

        Assert.Equal(204, withdraw.Status);
        Assert.StartsWith("__Host-festa-session=;", Assert.Single(withdraw.SetCookies));
        Assert.Equal(401, (await Api.GetAsync("/api/members/me", token)).Status);
        Assert.Equal(401, (await Api.GetAsync("/api/members/me", other)).Status);
        Assert.Equal("invalid-credentials", (await Api.PostAsync("/api/auth/login", Requests.Login(userId))).ProblemCode);
        Assert.Equal(409, (await Api.PostAsync("/api/members", Requests.SignUp(userId))).Status);
    }
}
