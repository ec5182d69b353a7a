using Festa.Core.RateLimiting;
using Festa.TestSupport;

namespace Festa.Stores.Tests.Contract;

/// <summary>What every <see cref="IRateLimitStore"/> must do, and the limiter on top of it across instances.</summary>
public abstract class RateLimitStoreContract(StoreFixture fixture)
{
    private IRateLimitStore Store => fixture.Instance.Get<IRateLimitStore>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RateLimitCounterKey NewKey() =>
        RateLimiter.Counter(RateLimitPolicy.LoginPerClient, Guid.NewGuid().ToString(), TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow).Key;

    [Fact]
    public async Task A_counter_is_created_once_and_replaced_only_at_the_version_read()
    {
        var key = NewKey();
        var expires = DateTimeOffset.UtcNow.AddMinutes(5);
        Assert.Null(await Store.ReadAsync(key, Ct));

        var inserted = await Store.TryInsertAsync(key, 1, expires, Ct);
        Assert.False(string.IsNullOrEmpty(inserted));
        Assert.Null(await Store.TryInsertAsync(key, 1, expires, Ct));
        var read = (await Store.ReadAsync(key, Ct))!;
        Assert.Equal(1, read.Value);

        Assert.Equal(inserted, read.Version);
        var replaced = await Store.TryReplaceAsync(key, 2, read.Version, expires, Ct);
        Assert.Equal((await Store.ReadAsync(key, Ct))!.Version, replaced);
        Assert.Null(await Store.TryReplaceAsync(key, 3, read.Version, expires, Ct));
        Assert.Equal(2, (await Store.ReadAsync(key, Ct))!.Value);
        Assert.Null(await Store.TryReplaceAsync(NewKey(), 1, read.Version, expires, Ct));
    }

    [Fact]
    public async Task Concurrent_acquisitions_on_two_instances_take_exactly_the_limit()
    {
        await RateLimitWindows.ClearOfBoundaryAsync(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(40), Ct);
        var other = await fixture.StartInstanceAsync(s => s["Festa:RateLimits:LoginPerClient:PermitLimit"] = "5");
        var first = await fixture.StartInstanceAsync(s => s["Festa:RateLimits:LoginPerClient:PermitLimit"] = "5");
        var limiters = new[] { first.Get<RateLimiter>(), other.Get<RateLimiter>() };
        var subject = Guid.NewGuid().ToString();

        var decisions = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            limiters[i % 2].AcquireAsync(RateLimitPolicy.LoginPerClient, subject, Ct)));

        Assert.Equal(5, decisions.Count(d => d.Acquired));
        Assert.All(decisions.Where(d => !d.Acquired), d => Assert.InRange(d.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)));
        Assert.True((await limiters[0].AcquireAsync(RateLimitPolicy.LoginPerClient, "another " + subject, Ct)).Acquired);
    }

    [Fact]
    public async Task A_released_permit_can_be_taken_again_on_another_instance()
    {
        await RateLimitWindows.ClearOfBoundaryAsync(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(40), Ct);
        var a = (await fixture.StartInstanceAsync(s => s["Festa:RateLimits:LoginPerAccount:PermitLimit"] = "1")).Get<RateLimiter>();
        var b = (await fixture.StartInstanceAsync(s => s["Festa:RateLimits:LoginPerAccount:PermitLimit"] = "1")).Get<RateLimiter>();
        var subject = Guid.NewGuid().ToString();

        var taken = await a.AcquireAsync(RateLimitPolicy.LoginPerAccount, subject, Ct);
        Assert.True(taken.Acquired);
        Assert.False((await b.AcquireAsync(RateLimitPolicy.LoginPerAccount, subject, Ct)).Acquired);

        await a.ReleaseAsync(taken.Lease, Ct);
        Assert.True((await a.AcquireAsync(RateLimitPolicy.LoginPerAccount, subject, Ct)).Acquired);
    }

    [Fact]
    public async Task Expired_counters_are_removed()
    {
        fixture.Require(StoreCapability.TimeToLive);
        var expired = NewKey();
        var live = NewKey();
        await Store.TryInsertAsync(expired, 3, DateTimeOffset.UtcNow.AddMinutes(-2), Ct);
        await Store.TryInsertAsync(live, 3, DateTimeOffset.UtcNow.AddHours(3), Ct);

        // Table sweeps by the hour of expiry (an expiry index): an hour on, every counter expired before now is gone.
        await Store.DeleteExpiredAsync(DateTimeOffset.UtcNow.AddHours(1), Ct);
        var deadline = DateTimeOffset.UtcNow + fixture.ExpiryLatency();
        while (await Store.ReadAsync(expired, Ct) is not null && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(250, Ct);
        }

        Assert.Null(await Store.ReadAsync(expired, Ct));
        Assert.Equal(3, (await Store.ReadAsync(live, Ct))!.Value);
    }

    [Fact]
    public async Task Failed_login_records_for_an_account_nobody_owns_expire_with_their_window()
    {
        var attempts = fixture.Instance.Get<Festa.Core.Auth.Throttling.PasswordAttempts>();
        var nobody = Festa.Core.Members.UserId.FromTrusted(Seed.NewUserId());
        var now = DateTimeOffset.UtcNow;

        // A wrong guess at an unknown account keeps its permits: three counters, each ending with its window.
        var attempt = await attempts.ReserveAsync(nobody, Seed.NewClientAddress(), Ct);

        Assert.Null(attempt.RetryAfter);
        Assert.Equal(3, attempt.Leases.Count);
        foreach (var lease in attempt.Leases)
        {
            Assert.Equal(1, (await Store.ReadAsync(lease.Key, Ct))!.Value);
            Assert.InRange(lease.ExpiresAt, now, now + TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        }

        // Table: the hourly sweep deletes them once expired. Cosmos: the same expiry is each counter's TTL (the
        // service deletes them; the local test server has no TTL, and a real account would take the hour).
        if (fixture.StoreName != "table")
        {
            return;
        }

        await Store.DeleteExpiredAsync(attempt.Leases.Max(l => l.ExpiresAt).AddHours(1), Ct);
        foreach (var lease in attempt.Leases)
        {
            Assert.Null(await Store.ReadAsync(lease.Key, Ct));
        }
    }
}
