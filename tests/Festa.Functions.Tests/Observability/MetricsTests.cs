using Festa.Core.Members;
using Festa.Core.Telemetry;
using Festa.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Festa.Functions.Tests.Observability;

/// <summary>Festa's counters move with what the functions do (each instance has a meter of its own).</summary>
public sealed class MetricsTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    [Fact]
    public async Task Sign_ups_are_counted_by_outcome_signed_up_duplicate_and_full()
    {
        var instance = await store.StartInstanceAsync();
        using var signUps = Collect(instance, FestaMetrics.SignUps);
        var (_, host) = await instance.SignedInMemberAsync(Role.Host);
        var (_, first) = await instance.SignedInMemberAsync();
        var (_, second) = await instance.SignedInMemberAsync();
        var id = await instance.Client.CreateEventAsync(host, Requests.Event(capacity: 1));

        Assert.Equal(201, (await instance.Client.PostAsync($"/api/events/{id}/signups", token: first)).Status);
        Assert.Equal(409, (await instance.Client.PostAsync($"/api/events/{id}/signups", token: first)).Status);
        Assert.Equal(409, (await instance.Client.PostAsync($"/api/events/{id}/signups", token: second)).Status);

        Assert.Equal(1, Count(signUps, "signed_up"));
        Assert.Equal(1, Count(signUps, "already_signed_up"));
        Assert.Equal(1, Count(signUps, "full"));
        Assert.Equal(3, signUps.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public async Task Logins_are_counted_as_succeeded_failed_and_throttled()
    {
        var instance = await store.StartInstanceAsync();
        using var logins = Collect(instance, FestaMetrics.Logins);
        var api = instance.Client;
        var locked = await api.SignUpAsync();
        var fine = await api.SignUpAsync();

        await api.LoginAsync(fine);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(401, (await api.PostAsync("/api/auth/login", Requests.Login(locked, $"Wrong-Password-{i}"))).Status);
        }

        Assert.Equal(429, (await api.PostAsync("/api/auth/login", Requests.Login(locked))).Status);

        Assert.Equal(1, Count(logins, "succeeded"));
        Assert.Equal(5, Count(logins, "failed"));
        Assert.Equal(1, Count(logins, "throttled"));
    }

    [Fact]
    public async Task A_session_refresh_is_counted_once_per_refresh_interval()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var instance = await store.StartInstanceAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        using var refreshes = Collect(instance, FestaMetrics.SessionRefreshes);
        var (_, token) = await instance.SignedInMemberAsync();

        Assert.Equal(200, (await instance.Client.GetAsync("/api/members/me", token)).Status);
        Assert.Empty(refreshes.GetMeasurementSnapshot());

        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(200, (await instance.Client.GetAsync("/api/members/me", token)).Status);
        Assert.Equal(200, (await instance.Client.GetAsync("/api/members/me", token)).Status);

        Assert.Equal(1, Count(refreshes, "refreshed"));
        Assert.Single(refreshes.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task Lost_seat_races_are_counted_as_store_conflicts_and_never_oversell()
    {
        var instance = await store.StartInstanceAsync();
        using var signUps = Collect(instance, FestaMetrics.SignUps);
        using var conflicts = Collect(instance, FestaMetrics.StoreConflicts);
        var (_, host) = await instance.SignedInMemberAsync(Role.Host);
        var id = await instance.Client.CreateEventAsync(host, Requests.Event(capacity: 3));
        var members = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => instance.SignedInMemberAsync()));

        var answers = await Task.WhenAll(members.Select(m => instance.Client.PostAsync($"/api/events/{id}/signups", token: m.Token)));

        Assert.Equal(3, answers.Count(a => a.Status == 201));
        Assert.Equal(3, Count(signUps, "signed_up"));
        Assert.Equal(21, Count(signUps, "full") + Count(signUps, "busy"));
        Assert.All(conflicts.GetMeasurementSnapshot(), m => Assert.Equal("sign-up", m.Tags[FestaMetrics.OperationTag]));
    }

    private static MetricCollector<long> Collect(FestaInstance instance, string instrument) =>
        new(instance.Get<FestaMetrics>().Meter, instrument);

    private static long Count(MetricCollector<long> collector, string outcome) =>
        collector.GetMeasurementSnapshot().Where(m => Equals(m.Tags[FestaMetrics.OutcomeTag], outcome)).Sum(m => m.Value);
}
