using Festa.TestSupport;

namespace Festa.Functions.Tests.Auth;

public sealed class ThrottleTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    [Fact]
    public async Task Five_failures_lock_the_account_on_every_instance_even_for_the_right_password()
    {
        var a = store.Instance.Client;
        var b = (await store.StartInstanceAsync()).Client;
        var userId = await a.SignUpAsync();

        for (var i = 0; i < 5; i++)
        {
            var api = i % 2 == 0 ? a : b;
            Assert.Equal(401, (await api.PostAsync("/api/auth/login", Requests.Login(userId, $"Wrong-Password-{i}"))).Status);
        }

        foreach (var api in new[] { a, b })
        {
            var locked = await api.PostAsync("/api/auth/login", Requests.Login(userId));
            Assert.Equal(429, locked.Status);
            Assert.Equal("too-many-login-attempts", locked.ProblemCode);
            var retryAfter = int.Parse(locked.Header("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 14 * 60, 15 * 60);
        }
    }

    [Fact]
    public async Task Unknown_accounts_are_throttled_the_same_way_so_429_reveals_nothing()
    {
        var api = store.Instance.Client;
        var unknown = Seed.NewUserId();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(401, (await api.PostAsync("/api/auth/login", Requests.Login(unknown, "Wrong-Password-1"))).Status);
        }

        Assert.Equal(429, (await api.PostAsync("/api/auth/login", Requests.Login(unknown, "Wrong-Password-1"))).Status);
    }

    [Fact]
    public async Task A_success_resets_the_count()
    {
        var api = store.Instance.Client;
        var userId = await api.SignUpAsync();
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(401, (await api.PostAsync("/api/auth/login", Requests.Login(userId, "Wrong-Password-1"))).Status);
            }

            Assert.Equal(200, (await api.PostAsync("/api/auth/login", Requests.Login(userId))).Status);
        }
    }

    [Fact]
    public async Task Concurrent_guesses_from_several_instances_are_all_counted()
    {
        var instances = new[] { store.Instance, await store.StartInstanceAsync(), await store.StartInstanceAsync() };
        var userId = await instances[0].Client.SignUpAsync();

        var guesses = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            instances[i % instances.Length].Client.PostAsync("/api/auth/login", Requests.Login(userId, $"Wrong-Password-{i}"))));

        Assert.All(guesses, g => Assert.Equal(401, g.Status));
        Assert.Equal(429, (await instances[1].Client.PostAsync("/api/auth/login", Requests.Login(userId))).Status);
    }
}
