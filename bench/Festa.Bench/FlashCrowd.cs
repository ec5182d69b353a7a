using System.Diagnostics;
using System.Diagnostics.Metrics;
using Azure.Data.Tables;
using Festa.AzureStorage.Tables;
using Festa.Core.Events;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Members;
using Festa.Core.Telemetry;
using Festa.TestSupport;

namespace Festa.Bench;

public sealed record CrowdResult(int Applicants, int Instances, int Seats, int Accepted, int Full, int Errors5xx, double Seconds,
    double P50Ms, double P99Ms, double AcceptedP99Ms, double RefusedP99Ms, int StoreRequests, int EventPartitionRequests,
    long EventPartitionEntities, long ConflictsRetried, double RawInsertsPerSecond, double CeilingPerSecond, double CeilingStoreRequestsPerApplicant)
{
    public double SignUpsPerSecond => Accepted / Seconds;

    public double RatioToRawInserts => SignUpsPerSecond / RawInsertsPerSecond;

    /// <summary>
    /// The same crowd doing only a sign-up's two member-side requests (the session read through the host and the gated
    /// "my sign-ups" hint), over raw inserts: the best ratio a seat path can expect while it keeps them (measured beside the crowd, so as noisy).
    /// </summary>
    public double CeilingRatio => CeilingPerSecond / RawInsertsPerSecond;

    /// <summary>The median <see cref="CeilingRatio"/> over all pairs of this configuration (set by the runner; this run's own until then).</summary>
    public double CeilingRatioOfPairs
    {
        get => double.IsNaN(_ceilingRatioOfPairs) ? CeilingRatio : _ceilingRatioOfPairs;
        init => _ceilingRatioOfPairs = value;
    }

    private readonly double _ceilingRatioOfPairs = double.NaN;

    public double StoreRequestsPerAccepted => (double)StoreRequests / Math.Max(1, Accepted);

    public double EventPartitionRequestsPerAccepted => (double)EventPartitionRequests / Math.Max(1, Accepted);

    public double EventPartitionEntitiesPerAccepted => (double)EventPartitionEntities / Math.Max(1, Accepted);
}

/// <summary>Sections 3 and 4: N applicants across M instances, all at once, invariants checked at the end.</summary>
public static class FlashCrowd
{
    /// <summary>
    /// The crowd measures the seat path: the per-member sign-up limit (a counter read and a conditional write in the
    /// member's own partition, docs/security.md) is switched off; section 1 counts it.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> SeatPathOnly = new Dictionary<string, string?>
    {
        ["Festa:RateLimits:EventSignUpPerMember:Enabled"] = "false",
    };

    /// <summary>Writers for the raw baseline: enough to saturate the store, not so many that requests time out and retry.</summary>
    public const int RawWriters = 64;

    /// <summary>
    /// One crowd, with the raw baseline measured right before it in the same process (so both see the same machine
    /// load: the ratio, not either figure alone, is what compares across runs), and between the two the crowd's
    /// ceiling: the same applicants on the same instances doing only what every sign-up does besides its seat.
    /// </summary>
    public static async Task<CrowdResult> RunAsync(int applicants, int instances, int seats)
    {
        var raw = await RawInsertsPerSecondAsync(applicants);
        await using var stage = await Stage.StartAsync(instances, settings: SeatPathOnly);
        var (_, host) = await stage.First.SignedInMemberAsync(Role.Host);
        var created = RoundTrips.Require(
            await stage.First.Client.PostAsync("/api/events", RoundTrips.Event(DateTimeOffset.UtcNow, seats), host), 201);
        var id = created.Json.GetProperty("id").GetString()!;
        var members = new (Member Member, string Token)[applicants];
        await Parallel.ForAsync(0, applicants, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => members[i] = await stage.First.SignedInMemberAsync());
        var tokens = members.Select(m => m.Token).ToArray();
        var (ceiling, ceilingRequests) = await CeilingAsync(stage, host, members, seats);

        using var conflicts = new ConflictCounter();
        stage.Counter.Reset();
        stage.Counter.Watch(id);
        var latencies = new double[applicants];
        var watch = Stopwatch.StartNew();
        var statuses = await Task.WhenAll(Enumerable.Range(0, applicants).Select(i => Task.Run(async () =>
        {
            var started = Stopwatch.GetTimestamp();
            var response = await stage.Instances[i % instances].Client.PostAsync($"/api/events/{id}/signups", token: tokens[i]);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return response;
        })));
        var seconds = watch.Elapsed.TotalSeconds;
        var counted = (stage.Counter.Calls, stage.Counter.WatchedPartitionCalls, stage.Counter.WatchedPartitionEntities, conflicts.Count);
        stage.Counter.Watch(null);

        var accepted = statuses.Count(s => s.Status == 201);
        var expected = Math.Min(applicants, seats);
        var stored = await CountSignUpsAsync(stage.First, EventId.FromTrusted(id));
        var shown = (await stage.First.Get<IEventStore>().FindAsync(EventId.FromTrusted(id), null, CancellationToken.None))!.SeatsTaken;
        // Invariants: what was accepted is what the store holds and shows, never above capacity; and when
        // nobody was turned away as busy (503), exactly min(applicants, seats) got a seat.
        var busy = statuses.Count(s => s.Status >= 500);
        if (stored != accepted || shown != accepted || accepted > seats || (busy == 0 && accepted != expected))
        {
            throw new InvalidOperationException(
                $"Invariant broken: {accepted} accepted, {stored} stored, {shown} shown, expected {expected}; {busy} busy.");
        }

        var acceptedLatencies = latencies.Where((_, i) => statuses[i].Status == 201).ToArray();
        var refusedLatencies = latencies.Where((_, i) => statuses[i].Status == 409).ToArray();
        return new CrowdResult(applicants, instances, seats, accepted, statuses.Count(s => s.ProblemCode == "event-full"), busy, seconds,
            Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99), Stats.Percentile(acceptedLatencies, 99),
            Stats.Percentile(refusedLatencies, 99), counted.Calls, counted.WatchedPartitionCalls, counted.WatchedPartitionEntities,
            counted.Count, raw, ceiling, ceilingRequests);
    }

    /// <summary>
    /// Every applicant at once, each doing a sign-up's member-side requests and nothing else: an authenticated no-op
    /// request (<c>GET /api/auth/session</c>: the host and the session's point read) and the member's gated "my sign-ups"
    /// hint for another event (<see cref="ISeatLedger.IndexAsync"/>: the batch of hint and gate merge in the member's
    /// partition). No seat is read or written, so no seat path can beat it while it keeps both requests synchronous.
    /// </summary>
    private static async Task<(double PerSecond, double StoreRequestsPerApplicant)> CeilingAsync(Stage stage, string hostToken, (Member Member, string Token)[] members, int seats)
    {
        var created = RoundTrips.Require(
            await stage.First.Client.PostAsync("/api/events", RoundTrips.Event(DateTimeOffset.UtcNow, seats), hostToken), 201);
        var other = (await stage.First.Get<IEventStore>().FindAsync(
            EventId.FromTrusted(created.Json.GetProperty("id").GetString()!), null, CancellationToken.None))!.Event;
        stage.Counter.Reset();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(members.Select((m, i) => Task.Run(async () =>
        {
            var instance = stage.Instances[i % stage.Instances.Count];
            RoundTrips.Require(await instance.Client.GetAsync("/api/auth/session", m.Token), 200);
            if (await instance.Get<ISeatLedger>().IndexAsync(m.Member.UserId, other, CancellationToken.None) != HintWrite.Gated)
            {
                throw new InvalidOperationException("The ceiling's hint did not go through the member's gate.");
            }
        })));
        return (members.Length / watch.Elapsed.TotalSeconds, (double)stage.Counter.Calls / members.Length);
    }

    /// <summary>Raw conditional inserts (insert-if-absent) into one partition: what the store can do at best.</summary>
    public static async Task<double> RawInsertsPerSecondAsync(int count)
    {
        await using var stage = await Stage.StartAsync(1);
        var table = stage.First.Get<FestaTables>().Events;
        var partition = Guid.NewGuid().ToString("N");
        var watch = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = RawWriters }, async (i, ct) =>
        {
            try
            {
                await table.AddEntityAsync(new TableEntity(partition, $"row.{i:D6}"), ct);
            }
            catch (Azure.RequestFailedException e) when (e.Status == 409)
            {
                // The SDK retried an insert whose first attempt had committed (it timed out under load).
            }
        });
        return count / watch.Elapsed.TotalSeconds;
    }

    private static async Task<int> CountSignUpsAsync(FestaInstance instance, EventId id)
    {
        var count = 0;
        string? after = null;
        do
        {
            var page = await instance.Get<ISignUpStore>().ListParticipantsAsync(id, after, 100, CancellationToken.None);
            count += page.Items.Count;
            after = page.After;
        }
        while (after is not null);

        return count;
    }

    /// <summary>Seat transactions that lost a race and were retried, from Festa's own counter (every instance in this process).</summary>
    private sealed class ConflictCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public ConflictCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == FestaMetrics.MeterName && instrument.Name == FestaMetrics.StoreConflicts)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
