using System.Diagnostics;
using Azure.Data.Tables;
using Festa.AzureStorage.Tables;
using Festa.Core.Events;
using Festa.Core.Members;
using Festa.TestSupport;

namespace Festa.Bench;

public sealed record CrowdResult(int Applicants, int Instances, int Seats, int Accepted, int Full, int Errors, double Seconds,
    double P50, double P99, int StoreRequests, int Batches)
{
    public double SignUpsPerSecond => Accepted / Seconds;

    public double RequestsPerSecond => Applicants / Seconds;

    /// <summary>Batches beyond one per accepted sign-up: lost races that were retried on another pool.</summary>
    public int Conflicts => Batches - Accepted;
}

/// <summary>Sections 3 and 4: N applicants across M instances, all at once, invariants checked at the end.</summary>
public static class FlashCrowd
{
    public static async Task<CrowdResult> RunAsync(int applicants, int instances, int seats)
    {
        await using var stage = await Stage.StartAsync(instances);
        var (_, host) = await stage.First.SignedInMemberAsync(Role.Host);
        var created = RoundTrips.Require(
            await stage.First.Client.PostAsync("/api/events", RoundTrips.Event(DateTimeOffset.UtcNow, seats), host), 201);
        var id = created.Json.GetProperty("id").GetString()!;
        var tokens = new string[applicants];
        await Parallel.ForAsync(0, applicants, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => tokens[i] = (await stage.First.SignedInMemberAsync()).Token);

        stage.Counter.Reset();
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
        var (requests, batches) = (stage.Counter.Calls, stage.Counter.Batches);

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

        return new CrowdResult(applicants, instances, seats, accepted, statuses.Count(s => s.ProblemCode == "event-full"),
            statuses.Count(s => s.Status >= 500), seconds, Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99), requests, batches);
    }

    /// <summary>Writers for the raw baseline: enough to saturate the store, not so many that requests time out and retry.</summary>
    public const int RawWriters = 64;

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
}
