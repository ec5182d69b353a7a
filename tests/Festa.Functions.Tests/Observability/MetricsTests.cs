using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
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
        // Exact counts: the rate-limit window must not roll over during the test.
        await RateLimitWindows.ClearOfBoundaryAsync(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(40), TestContext.Current.CancellationToken);
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
        // A deterministic race: instance A's first seat batch is held after A read the seat pools, while instance B
        // fills every seat; A's batch then meets pools that changed under it and must lose (and count) the race.
        var hold = new HoldFirstBatch();
        var a = await store.StartInstanceAsync(services: s =>
            s.Configure<TableClientOptions>("Default", o => o.AddPolicy(hold, HttpPipelinePosition.PerCall)));
        var b = await store.StartInstanceAsync();
        using var signUps = Collect(a, FestaMetrics.SignUps);
        using var conflicts = Collect(a, FestaMetrics.StoreConflicts);
        var (_, host) = await b.SignedInMemberAsync(Role.Host);
        var id = await b.Client.CreateEventAsync(host, Requests.Event(capacity: 3));
        var (_, late) = await a.SignedInMemberAsync();
        var others = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => b.SignedInMemberAsync()));

        hold.Arm();
        var held = a.Client.PostAsync($"/api/events/{id}/signups", token: late);
        await hold.Held.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var answers = new List<int>();
        foreach (var (_, token) in others)
        {
            answers.Add((await b.Client.PostAsync($"/api/events/{id}/signups", token: token)).Status);
        }

        hold.Release();
        var lateAnswer = await held;

        Assert.Equal([201, 201, 201, 409, 409], answers);
        Assert.Contains(lateAnswer.Status, new[] { 409, 503 }); // full, or busy if it gave up: never a fourth seat
        Assert.Equal(1, Count(signUps, "full") + Count(signUps, "busy"));
        Assert.NotEmpty(conflicts.GetMeasurementSnapshot());
        Assert.All(conflicts.GetMeasurementSnapshot(), m => Assert.Equal("sign-up", m.Tags[FestaMetrics.OperationTag]));
        var seats = await b.Client.GetAsync($"/api/events/{id}", host);
        Assert.Equal(3, seats.Json.GetProperty("seatsTaken").GetInt32());
    }

    /// <summary>Once armed, holds the first entity-group transaction (a seat batch) until released.</summary>
    private sealed class HoldFirstBatch : HttpPipelinePolicy
    {
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _armed;

        public Task Held => _held.Task;

        public void Arm() => Volatile.Write(ref _armed, 1);

        public void Release() => _released.TrySetResult();

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (Take(message))
            {
                _released.Task.Wait(TimeSpan.FromSeconds(60));
            }

            ProcessNext(message, pipeline);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (Take(message))
            {
                await _released.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }

            await ProcessNextAsync(message, pipeline);
        }

        private bool Take(HttpMessage message)
        {
            if (!message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal) || Interlocked.CompareExchange(ref _armed, 0, 1) != 1)
            {
                return false;
            }

            _held.TrySetResult();
            return true;
        }
    }

    private static MetricCollector<long> Collect(FestaInstance instance, string instrument) =>
        new(instance.Get<FestaMetrics>().Meter, instrument);

    private static long Count(MetricCollector<long> collector, string outcome) =>
        collector.GetMeasurementSnapshot().Where(m => Equals(m.Tags[FestaMetrics.OutcomeTag], outcome)).Sum(m => m.Value);
}
