using System.Diagnostics.Metrics;
using Festa.Core.Auth.Sessions;
using Festa.Core.Auth.Throttling;
using Festa.Core.Common;
using Festa.Core.Events;
using Festa.Core.Members;
using Festa.Core.Telemetry;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

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
        metrics.StoreConflict(StoreConflictSite.LoginFailures);

        Assert.Equal("Festa", metrics.Meter.Name);
        Assert.Equal(
        [
            "festa.signups outcome=signed_up", "festa.signups outcome=already_signed_up", "festa.signups outcome=full",
            "festa.signups outcome=started", "festa.signups outcome=busy",
            "festa.logins outcome=succeeded", "festa.logins outcome=failed", "festa.logins outcome=throttled",
            "festa.session.refreshes outcome=refreshed", "festa.session.refreshes outcome=already_refreshed",
            "festa.store.conflicts operation=sign-up", "festa.store.conflicts operation=cancel",
            "festa.store.conflicts operation=login-failures",
        ], recorded.Lines);
    }

    [Fact]
    public async Task A_failed_login_that_loses_the_race_to_record_itself_counts_a_store_conflict_and_retries()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        var store = new RacingMemberStore(lostRaces: 2);
        using var metrics = new FestaMetrics();
        using var recorded = new RecordedMeasurements(metrics.Meter);
        var recorder = new LoginFailureRecorder(store, new LoginThrottle(Options.Create(new LoginThrottleOptions())), clock, metrics);

        await recorder.RecordAsync(UserId.FromTrusted("ana_k"), known: null, TestContext.Current.CancellationToken);

        Assert.Equal(3, store.Saves);
        Assert.Equal(["festa.store.conflicts operation=login-failures", "festa.store.conflicts operation=login-failures"], recorded.Lines);
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

    /// <summary>A member store whose failed-login record is rewritten by "someone else" a few times first.</summary>
    private sealed class RacingMemberStore(int lostRaces) : IMemberStore
    {
        public int Saves { get; private set; }

        public Task<bool> TrySaveLoginFailuresAsync(UserId userId, LoginFailures failures, string? version, CancellationToken cancellationToken) =>
            Task.FromResult(++Saves > lostRaces);

        public Task<LoginRecord> FindForLoginAsync(UserId userId, CancellationToken cancellationToken) =>
            Task.FromResult(new LoginRecord(null, new Versioned<LoginFailures>(new LoginFailures([]), $"v{Saves}")));

        public Task<bool> TryAddAsync(Member member, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Versioned<Member>?> FindAsync(UserId userId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> TryReplaceAsync(Member member, string version, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ClearLoginFailuresAsync(UserId userId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
