using System.Globalization;
using Festa.Core.Members.Passwords;
using Festa.TestSupport;
using Festa.TestSupport.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Festa.Functions.Tests.Auth;

/// <summary>
/// The login throttle (LoginPerAccount per account and address, LoginPerClient, LoginGlobal), through the HTTP
/// pipeline, on several instances sharing one store. Every test uses addresses of its own.
/// </summary>
public sealed class ThrottleTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>, IAsyncLifetime
{
    /// <summary>Every test here counts failures up to a limit: none may straddle a window boundary (login windows: 5 and 15 minutes).</summary>
    public async ValueTask InitializeAsync() =>
        await RateLimitWindows.ClearOfBoundaryAsync(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(40), TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task An_attacker_locks_only_their_own_address_on_every_instance_and_the_real_user_still_gets_in()
    {
        var attacker = Seed.NewClientAddress();
        var a = store.Instance.Client.From(attacker);
        var b = (await store.StartInstanceAsync()).Client.From(attacker);
        var userId = await a.SignUpAsync();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(401, (await (i % 2 == 0 ? a : b).PostAsync("/api/auth/login", Requests.Login(userId, $"Wrong-Password-{i}"))).Status);
        }

        foreach (var api in new[] { a, b })
        {
            var locked = await api.PostAsync("/api/auth/login", Requests.Login(userId));
            Assert.Equal(429, locked.Status);
            Assert.Equal("too-many-login-attempts", locked.ProblemCode);
            Assert.InRange(int.Parse(locked.Header("Retry-After")!, CultureInfo.InvariantCulture), 1, 15 * 60);
        }

        var realUser = store.Instance.Client.From(Seed.NewClientAddress());
        Assert.Equal(200, (await realUser.PostAsync("/api/auth/login", Requests.Login(userId))).Status);
    }

    [Fact]
    public async Task Unknown_accounts_are_throttled_the_same_way_so_429_reveals_nothing()
    {
        var api = store.Instance.Client.From(Seed.NewClientAddress());
        var unknown = Seed.NewUserId();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(401, (await api.PostAsync("/api/auth/login", Requests.Login(unknown, "Wrong-Password-1"))).Status);
        }

        Assert.Equal(429, (await api.PostAsync("/api/auth/login", Requests.Login(unknown, "Wrong-Password-1"))).Status);
    }

    [Fact]
    public async Task A_success_forgets_the_failures_of_its_address()
    {
        var api = store.Instance.Client.From(Seed.NewClientAddress());
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
    public async Task Concurrent_wrong_guesses_on_three_instances_hash_at_most_the_limit()
    {
        var hashers = new List<CountingPasswordHasher>();
        async Task<FestaClient> StartAsync(string address)
        {
            var hasher = new CountingPasswordHasher(new IdentityPasswordHasher(Options.Create(new PasswordHashingOptions())));
            hashers.Add(hasher);
            return (await store.StartInstanceAsync(services: s => s.AddSingleton<IPasswordHasher>(hasher))).Client.From(address);
        }

        var attacker = Seed.NewClientAddress();
        var clients = new[] { await StartAsync(attacker), await StartAsync(attacker), await StartAsync(attacker) };
        var userId = await store.Instance.Client.SignUpAsync();

        var guesses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            clients[i % clients.Length].PostAsync("/api/auth/login", Requests.Login(userId, $"Wrong-Password-{i}"))));

        Assert.Equal(5, guesses.Count(g => g.Status == 401));
        Assert.Equal(7, guesses.Count(g => g.Status == 429));
        Assert.Equal(5, hashers.Sum(h => h.Verifications));
        Assert.Equal(429, (await clients[1].PostAsync("/api/auth/login", Requests.Login(userId))).Status);
        Assert.Equal(5, hashers.Sum(h => h.Verifications));
    }

    [Fact]
    public async Task Spraying_many_accounts_from_one_address_is_stopped_by_the_per_client_limit()
    {
        var sprayer = Seed.NewClientAddress();
        var a = (await store.StartInstanceAsync(s => s["Festa:RateLimits:LoginPerClient:PermitLimit"] = "3")).Client.From(sprayer);
        var b = (await store.StartInstanceAsync(s => s["Festa:RateLimits:LoginPerClient:PermitLimit"] = "3")).Client.From(sprayer);
        var victim = await a.SignUpAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(401, (await (i % 2 == 0 ? a : b).PostAsync("/api/auth/login", Requests.Login(Seed.NewUserId(), "Spring-2026-Spray"))).Status);
        }

        var stopped = await b.PostAsync("/api/auth/login", Requests.Login(victim));
        Assert.Equal(429, stopped.Status);
        Assert.NotNull(stopped.Header("Retry-After"));
        Assert.Equal(200, (await a.From(Seed.NewClientAddress()).PostAsync("/api/auth/login", Requests.Login(victim))).Status);
    }

    [Fact]
    public async Task A_distributed_attack_on_one_account_meets_the_per_account_ceiling()
    {
        var a = (await store.StartInstanceAsync(s => s["Festa:RateLimits:LoginGlobal:PermitLimit"] = "3")).Client;
        var b = (await store.StartInstanceAsync(s => s["Festa:RateLimits:LoginGlobal:PermitLimit"] = "3")).Client;
        var userId = await a.SignUpAsync();

        for (var i = 0; i < 3; i++)
        {
            var bot = (i % 2 == 0 ? a : b).From(Seed.NewClientAddress());
            Assert.Equal(401, (await bot.PostAsync("/api/auth/login", Requests.Login(userId, "Wrong-Password-1"))).Status);
        }

        var ceiling = await b.From(Seed.NewClientAddress()).PostAsync("/api/auth/login", Requests.Login(userId, "Wrong-Password-2"));
        Assert.Equal(429, ceiling.Status);
        Assert.Equal("too-many-login-attempts", ceiling.ProblemCode);
    }
}
