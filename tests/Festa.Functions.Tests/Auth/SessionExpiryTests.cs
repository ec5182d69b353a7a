using Festa.Core.Auth.Sessions;
using Festa.Functions.Maintenance;
using Festa.TestSupport;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Festa.Functions.Tests.Auth;

/// <summary>Idle and absolute expiry with the defaults (30 min idle, 12 h absolute, refresh every 5 min), on a fake clock.</summary>
public sealed class SessionExpiryTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private async Task<(FestaInstance Instance, string Token)> SignedInAsync()
    {
        var instance = await store.StartInstanceAsync(services: s => s.AddSingleton<TimeProvider>(_clock));
        var (_, token) = await instance.SignedInMemberAsync();
        return (instance, token);
    }

    [Fact]
    public async Task An_idle_session_expires_after_thirty_minutes_even_before_cleanup()
    {
        var (instance, token) = await SignedInAsync();

        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(200, (await instance.Client.GetAsync("/api/members/me", token)).Status);

        _clock.Advance(TimeSpan.FromMinutes(31));
        var expired = await instance.Client.GetAsync("/api/members/me", token);

        Assert.Equal(401, expired.Status);
        Assert.NotNull(await FindAsync(instance, token));
    }

    [Fact]
    public async Task Activity_slides_the_idle_window_but_writes_at_most_once_per_refresh_interval()
    {
        var (instance, token) = await SignedInAsync();
        var versions = new HashSet<string> { (await FindAsync(instance, token))!.Version };

        // One request a minute for an hour: the session survives two idle windows...
        for (var minute = 1; minute <= 60; minute++)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(200, (await instance.Client.GetAsync("/api/members/me", token)).Status);
            versions.Add((await FindAsync(instance, token))!.Version);
        }

        // ...and the row was rewritten at most every five minutes (twelve times), not sixty.
        Assert.InRange(versions.Count - 1, 10, 12);
    }

    [Fact]
    public async Task A_busy_session_still_ends_at_the_absolute_limit()
    {
        var (instance, token) = await SignedInAsync();

        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(12) - TimeSpan.FromMinutes(20); elapsed += TimeSpan.FromMinutes(20))
        {
            _clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(200, (await instance.Client.GetAsync("/api/members/me", token)).Status);
        }

        _clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(401, (await instance.Client.GetAsync("/api/members/me", token)).Status);
    }

    [Fact]
    public async Task The_timer_function_sweeps_expired_sessions_and_keeps_live_ones()
    {
        var (instance, expiring) = await SignedInAsync();
        _clock.Advance(TimeSpan.FromHours(13)); // past the absolute expiry's hour
        var (_, live) = await instance.SignedInMemberAsync();

        await ActivatorUtilities.CreateInstance<SweepExpiredSessionsFunction>(instance.Services)
            .RunAsync(new TimerInfo(), TestContext.Current.CancellationToken);

        Assert.Null(await FindAsync(instance, expiring));
        Assert.NotNull(await FindAsync(instance, live));
        Assert.Equal(200, (await instance.Client.GetAsync("/api/members/me", live)).Status);
    }

    private static Task<Festa.Core.Common.Versioned<Session>?> FindAsync(FestaInstance instance, string token)
    {
        Assert.True(SessionTokens.TryGetId(token, out var id));
        return instance.Get<ISessionStore>().FindAsync(id, TestContext.Current.CancellationToken);
    }
}
