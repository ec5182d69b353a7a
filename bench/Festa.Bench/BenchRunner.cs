using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Festa.TestSupport.Http;

namespace Festa.Bench;

/// <summary>Runs every section against the store in FESTA_TEST_STORAGE; returns the Markdown report and the JSON results.</summary>
public static class BenchRunner
{
    public static async Task<(string Report, string Json)> RunAsync(BenchOptions options, Action<string>? progress = null)
    {
        progress ??= _ => { };
        var report = new StringBuilder();
        report.AppendLine("# Festa benchmark results").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- Date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB");
        report.AppendLine("- Store: Azurite 3.35.0 (in memory, loopback), one Festa service provider per instance, all in one process");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Every crowd run is preceded by its own raw baseline in the same process; each configuration runs {options.Pairs} baseline/crowd pair(s) and the table shows the pair with the median ratio. This machine is shared and noisy: compare ratios, not rates.").AppendLine();

        progress("round trips");
        report.AppendLine("## 1. Store requests per operation").AppendLine();
        report.AppendLine("Counted by an Azure SDK pipeline policy on the real clients (SDK retries not counted).").AppendLine();
        report.AppendLine(await RoundTrips.RunAsync());

        progress("session overhead");
        report.AppendLine("## 2. Session-check overhead").AppendLine();
        report.AppendLine(await SessionOverhead.RunAsync(options.Samples));

        var runs = new List<CrowdResult>();
        progress("flash crowd");
        report.AppendLine("## 3. Flash crowd").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Raw baseline: conditional inserts into one partition ({options.Applicants} rows, {FlashCrowd.RawWriters} concurrent writers). After every run the invariants are asserted: accepted = sign-up rows stored = seats shown ≤ seats, and = min(applicants, seats) when nobody was turned away as busy (5xx).").AppendLine();
        report.AppendLine("\"Event partition\" counts what reached the event's own partition (Azure's per-partition target is about 2,000 entities/s): requests, and entities read plus written. Store requests include the session read and the member's sign-up hint, which live in other partitions.").AppendLine();
        report.AppendLine(Header);
        var full = await MedianAsync(options, options.Applicants, options.Instances, options.Seats, progress);
        var open = await MedianAsync(options, options.Applicants, options.Instances, options.Applicants * 2, progress);
        runs.AddRange([full, open]);
        report.AppendLine(Row(full)).AppendLine(Row(open)).AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"A full event answers cheaply: p99 of the refusals {full.RefusedP99Ms:F0} ms against {full.AcceptedP99Ms:F0} ms for the acceptances ({full.RefusedP99Ms / full.AcceptedP99Ms:F2}×).").AppendLine();

        progress("scale");
        report.AppendLine("## 4. Scale with instances (capacity above applicants: every request takes a seat)").AppendLine();
        report.AppendLine(Header);
        foreach (var instances in options.ScaleSteps)
        {
            var run = instances == options.Instances ? open : await MedianAsync(options, options.Applicants, instances, options.Applicants * 2, progress);
            if (instances != options.Instances)
            {
                runs.Add(run);
            }

            report.AppendLine(Row(run));
        }

        report.AppendLine().AppendLine("All instances share one Azurite process (single-threaded Node.js) on a 2-core machine: more instances add concurrency, not store capacity. With group commit each instance is one writer per event, so adding instances must not slow the crowd down.");

        progress("hashing");
        report.AppendLine().AppendLine("## 5. A storeless request while logins hash (bounded hashing)").AppendLine();
        LatencyUnderHashing.Result hashing;
        await using (var stage = await Stage.StartAsync(1))
        {
            hashing = await LatencyUnderHashing.MeasureAsync(stage.First, options.HashingLogins, options.Samples);
        }

        report.AppendLine(CultureInfo.InvariantCulture,
            $"`GET /api/openapi.json`, one request at a time, p99 idle **{hashing.IdleP99Ms:F1} ms** and while {hashing.Logins} correct-password logins hash on the same instance **{hashing.LoadedP99Ms:F1} ms**: **{hashing.Ratio:F1}×** (target ≤ 10×); {hashing.LoginsSucceeded}/{hashing.Logins} logins succeeded, {hashing.Samples} samples.");
        var json = JsonSerializer.Serialize(new
        {
            rawInsertsPerSecond = Math.Round(Median(runs.Select(r => r.RawInsertsPerSecond)), 1),
            hashing = new { idleP99Ms = Math.Round(hashing.IdleP99Ms, 1), loadedP99Ms = Math.Round(hashing.LoadedP99Ms, 1), ratio = Math.Round(hashing.Ratio, 2), logins = hashing.Logins },
            runs = runs.Select(r => new
            {
                applicants = r.Applicants, instances = r.Instances, seats = r.Seats, accepted = r.Accepted, full = r.Full, errors5xx = r.Errors5xx,
                signUpsPerSecond = Math.Round(r.SignUpsPerSecond, 1), rawInsertsPerSecond = Math.Round(r.RawInsertsPerSecond, 1),
                ratioToRawInserts = Math.Round(r.RatioToRawInserts, 3),
                eventPartitionEntitiesPerAccepted = Math.Round(r.EventPartitionEntitiesPerAccepted, 3),
                eventPartitionRequestsPerAccepted = Math.Round(r.EventPartitionRequestsPerAccepted, 3),
                storeRequestsPerAccepted = Math.Round(r.StoreRequestsPerAccepted, 3), conflictsRetried = r.ConflictsRetried,
                p50Ms = Math.Round(r.P50Ms, 1), p99Ms = Math.Round(r.P99Ms, 1), acceptedP99Ms = Math.Round(r.AcceptedP99Ms, 1),
                refusedP99Ms = double.IsNaN(r.RefusedP99Ms) ? (double?)null : Math.Round(r.RefusedP99Ms, 1),
            }),
        }, new JsonSerializerOptions { WriteIndented = true });
        return (report.ToString(), json);
    }

    /// <summary>Runs a configuration <see cref="BenchOptions.Pairs"/> times (each with its own baseline) and keeps the median by ratio.</summary>
    private static async Task<CrowdResult> MedianAsync(BenchOptions options, int applicants, int instances, int seats, Action<string> progress)
    {
        var pairs = new List<CrowdResult>();
        for (var i = 0; i < options.Pairs; i++)
        {
            progress(string.Create(CultureInfo.InvariantCulture, $"{applicants} applicants, {instances} instances, {seats} seats (pair {i + 1}/{options.Pairs})"));
            pairs.Add(await FlashCrowd.RunAsync(applicants, instances, seats));
        }

        return pairs.OrderBy(p => p.RatioToRawInserts).ElementAt(pairs.Count / 2);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }

    private const string Header =
        "| applicants | instances | seats | accepted | full | 5xx | sign-ups/s | raw inserts/s | ratio | event partition requests / accepted | event partition entities / accepted | store requests / accepted | conflicts retried | p50 ms | p99 ms |\n" +
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    private static string Row(CrowdResult r) => string.Create(CultureInfo.InvariantCulture,
        $"| {r.Applicants} | {r.Instances} | {r.Seats} | {r.Accepted} | {r.Full} | {r.Errors5xx} | {r.SignUpsPerSecond:F0} | {r.RawInsertsPerSecond:F0} | {r.RatioToRawInserts:F2} | {r.EventPartitionRequestsPerAccepted:F2} | {r.EventPartitionEntitiesPerAccepted:F2} | {r.StoreRequestsPerAccepted:F2} | {r.ConflictsRetried} | {r.P50Ms:F0} | {r.P99Ms:F0} |");
}
