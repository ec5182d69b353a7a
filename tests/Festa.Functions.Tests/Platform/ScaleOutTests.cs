using Festa.TestSupport;

namespace Festa.Functions.Tests.Platform;

/// <summary>
/// Two instances with their own service providers on one store: whatever one instance does to a
/// session, the other sees on the very next request, because neither keeps any state of its own.
/// </summary>
public abstract class ScaleOutContract(StoreFixture store)
{
    [Fact]
    public async Task Health_is_200_on_the_configured_store()
    {
        var response = await store.Instance.Client.GetAsync("/api/health");

        Assert.Equal(200, response.Status);
        Assert.Equal(store.StoreName, store.Instance.Get<Festa.Core.Health.StoreDescription>().Name);
    }

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

    [Fact]
    public async Task An_event_created_on_one_instance_is_read_on_another()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Festa.Core.Members.Role.Host);
        var b = (await store.StartInstanceAsync()).Client;

        var id = await store.Instance.Client.CreateEventAsync(host, Requests.Event(capacity: 7));

        var page = await b.GetAsync($"/api/events/{id}", host);
        Assert.Equal(200, page.Status);
        Assert.Equal(7, page.Json.GetProperty("seatsLeft").GetInt32());
    }
}

public sealed class TableScaleOutTests(TableStoreFixture store) : ScaleOutContract(store), IClassFixture<TableStoreFixture>;

/// <summary>Needs no batch, so it runs on the local Cosmos test server too.</summary>
public sealed class CosmosScaleOutTests(CosmosStoreFixture store) : ScaleOutContract(store), IClassFixture<CosmosStoreFixture>;
