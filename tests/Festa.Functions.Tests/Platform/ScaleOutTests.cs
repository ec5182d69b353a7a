using Festa.TestSupport;

namespace Festa.Functions.Tests.Platform;

/// <summary>
/// Two instances with their own service providers on one store: whatever one instance does to a
/// session, the other sees on the very next request, because neither keeps any state of its own.
/// </summary>
public sealed class ScaleOutTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    [Fact]
    public async Task A_login_on_one_instance_is_recognised_on_another_and_a_logout_there_ends_it_everywhere()
    {
        var a = store.Instance.Client;
        var b = (await store.StartInstanceAsync()).Client;
        var userId = await a.SignUpAsync();
        var token = await a.LoginAsync(userId);

        var seenByB = await b.GetAsync("/api/members/me", token);
        Assert.Equal(200, seenByB.Status);
        Assert.Equal(userId, seenByB.Json.GetProperty("userId").GetString());

        Assert.Equal(204, (await b.PostAsync("/api/auth/logout", token: token)).Status);

        Assert.Equal(401, (await a.GetAsync("/api/members/me", token)).Status);
        Assert.Equal(401, (await b.GetAsync("/api/members/me", token)).Status);
    }

    [Fact]
    public async Task A_password_change_on_one_instance_revokes_the_other_sessions_on_every_instance()
    {
        var a = store.Instance.Client;
        var b = (await store.StartInstanceAsync()).Client;
        var userId = await a.SignUpAsync();
        var phone = await b.LoginAsync(userId);
        var laptop = await a.LoginAsync(userId);

        var changed = await a.PutAsync("/api/members/me/password",
            new { currentPassword = Requests.GoodPassword, newPassword = "Another-Harbor-91" }, laptop);

        Assert.Equal(204, changed.Status);
        Assert.Equal(401, (await b.GetAsync("/api/members/me", phone)).Status);
        Assert.Equal(200, (await b.GetAsync("/api/members/me", laptop)).Status);
        Assert.Equal(401, (await b.PostAsync("/api/auth/login", Requests.Login(userId))).Status);
        Assert.Equal(200, (await b.PostAsync("/api/auth/login", Requests.Login(userId, "Another-Harbor-91"))).Status);
    }

    [Fact]
    public async Task A_profile_change_on_one_instance_is_read_back_on_another()
    {
        var a = store.Instance.Client;
        var b = (await store.StartInstanceAsync()).Client;
        var token = await a.LoginAsync(await a.SignUpAsync());

        Assert.Equal(200, (await a.PatchAsync("/api/members/me", new { name = "Renamed On A" }, token)).Status);

        Assert.Equal("Renamed On A", (await b.GetAsync("/api/members/me", token)).Json.GetProperty("name").GetString());
    }
}
