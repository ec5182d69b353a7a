using System.Diagnostics.Metrics;
using Festa.Core.Auth.Sessions;
using Festa.Core.Common;
using Festa.Core.Events;
using Festa.Core.RateLimiting;
using Festa.Core.Telemetry;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging.Abstractions;

namespace Festa.Core.Tests.Observability;

public sealed class FestaMetricsTests
{
    [Fact]
    public void Every_counter_is_on_the_Festa_meter_with_a_closed_set_of_tag_values()
    {
        using var metrics = new FestaMetrics();
        using var recorded = new RecordedMeasurements(metrics.Meter);

        metrics.SignUp(SignUpOutcome.SignedUp);
        metrics.SignUp(SignUpOutcome.AlreadySignedUp);
        metrics.SignUp(SignUpOutcome.Full);
        metrics.SignUp(SignUpOutcome.Closed);
        metrics.SignUp(SignUpOutcome.Busy);
        metrics.LoginSucceeded();
        metrics.LoginFailed();
        metrics.LoginThrottled();
        metrics.SessionRefresh(TouchOutcome.Refreshed);
        metrics.SessionRefresh(TouchOutcome.AlreadyRefreshed);
        metrics.StoreConflict(StoreConflictSite.SignUpSeat);
        metrics.StoreConflict(StoreConflictSite.CancelSeat);
        metrics.StoreConflict(StoreConflictSite.RateLimitCounter);
        metrics.RateLimited(RateLimitPolicy.LoginPerClient);

        Assert.Equal("Festa", metrics.Meter.Name);
        Assert.Equal(
        [
            "festa.signups outcome=signed_up", "festa.signups outcome=already_signed_up", "festa.signups outcome=full",
            "festa.signups outcome=started", "festa.signups outcome=busy",
            "festa.logins outcome=succeeded", "festa.logins outcome=failed", "festa.logins outcome=throttled",
            "festa.session.refreshes outcome=refreshed", "festa.session.refreshes outcome=already_refreshed",
            "festa.store.conflicts operation=sign-up", "festa.store.conflicts operation=cancel",
            "festa.store.conflicts operation=rate-limit", "festa.ratelimit.refusals policy=LoginPerClient",
        ], recorded.Lines);
    }

    [Fact]
    public async Task A_rate_limit_permit_that_loses_the_race_counts_a_store_conflict_and_retries()
    {
        var store = new RacingCounterStore(lostRaces: 2);
        using var metrics = new FestaMetrics();
        using var recorded = new RecordedMeasurements(metrics.Meter);
        var limiter = new RateLimiter(store, Options.Create(new RateLimitOptions()), TimeProvider.System, metrics, NullLogger<RateLimiter>.Instance);

        var decision = await limiter.AcquireAsync(RateLimitPolicy.LoginPerClient, "203.0.113.9", TestContext.Current.CancellationToken);

        Assert.True(decision.Acquired);
        Assert.Equal(3, store.Writes);
        Assert.Equal(["festa.store.conflicts operation=rate-limit", "festa.store.conflicts operation=rate-limit"], recorded.Lines);
    }

    /// <summary>Collects what the counters of one meter record, as "instrument tag=value" lines.</summary>
    private sealed class RecordedMeasurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<string> _lines = [];

        public RecordedMeasurements(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                Assert.Equal(1, value);
                var tagText = string.Join(' ', tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
                lock (_lines)
                {
                    _lines.Add($"{instrument.Name} {tagText}");
                }
            });
            _listener.Start();
        }

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>A counter store whose counter is rewritten by "someone else" a few times first.</summary>
    private sealed class RacingCounterStore(int lostRaces) : IRateLimitStore
    {
        public int Writes { get; private set; }

        public Task<Versioned<int>?> ReadAsync(RateLimitCounterKey key, CancellationToken cancellationToken) =>
            Task.FromResult<Versioned<int>?>(new Versioned<int>(1, $"v{Writes}"));

        public Task<string?> TryInsertAsync(RateLimitCounterKey key, int count, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<string?> TryReplaceAsync(RateLimitCounterKey key, int count, string version, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
            Task.FromResult(++Writes > lostRaces ? $"v{Writes}" : null);

        public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
