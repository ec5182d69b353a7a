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
        // The scale steps first (the open crowd of section 3 is one of them), each round of pairs running every step in
        // turn, so that the machine's drift falls on every step alike.
        var full = await MedianAsync(options, options.Applicants, options.Instances, options.Seats, progress);
        var scale = await ScaleAsync(options, progress);
        var open = scale.TryGetValue(options.Instances, out var atDefault)
            ? atDefault
            : await MedianAsync(options, options.Applicants, options.Instances, options.Applicants * 2, progress);
        runs.AddRange([full, open]);
        runs.AddRange(scale.Where(s => s.Key != options.Instances).Select(s => s.Value));

        report.AppendLine("## 3. Flash crowd").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Raw baseline: conditional inserts into one partition ({options.Applicants} rows, {FlashCrowd.RawWriters} concurrent writers). After every run the invariants are asserted: accepted = sign-up rows stored = seats shown ≤ seats, and = min(applicants, seats) when nobody was turned away as busy (5xx).").AppendLine();
        report.AppendLine("\"Event partition\" counts what reached the event's own partition (Azure's per-partition target is about 2,000 entities/s): requests, and entities read plus written. Store requests include the session read and the member's sign-up hint, which live in other partitions.").AppendLine();
        report.AppendLine("\"Ceiling\": between its baseline and its crowd, each run sends the same applicants through the same instances doing only a sign-up's two member-side requests (`GET /api/auth/session`, and the gated \"my sign-ups\" hint for another event), all at once, no seat read or written. Over raw inserts that is the best ratio a seat path can expect while both requests stay synchronous; \"of ceiling\" is the crowd's ratio over it (the ceiling shown is the median of the configuration's pairs). Both are measured a few seconds apart on a shared machine: \"of ceiling\" above 1 is that noise, largest with one pair (`--quick`).").AppendLine();
        report.AppendLine("The crowds run with the per-member sign-up limit off (its counter costs 1–2 requests per sign-up in the member's own partition, section 1), so they measure the seat path.").AppendLine();
        report.AppendLine(Header);
        report.AppendLine(Row(full)).AppendLine(Row(open)).AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"A full event's refusals: p99 {full.RefusedP99Ms:F0} ms against {full.AcceptedP99Ms:F0} ms for the acceptances ({full.RefusedP99Ms / full.AcceptedP99Ms:F2}×). All applicants arrive at once, so the last refusals wait behind the whole crowd's session reads while the first {full.Seats} take the seats.").AppendLine();

        report.AppendLine("## 4. Scale with instances (capacity above applicants: every request takes a seat)").AppendLine();
        report.AppendLine(Header);
        foreach (var run in scale.Values)
        {
            report.AppendLine(Row(run));
        }

        var steps = ScaleSteps(scale);
        var lastAgainstFirst = scale.Count > 1
            ? FormattableString.Invariant($"; {scale.Keys.Last()} against {scale.Keys.First()}: {scale.Values.Last().RatioToRawInserts / scale.Values.First().RatioToRawInserts:F2}×.")
            : ".";
        report.AppendLine().AppendLine(
            FormattableString.Invariant($"Scale, as ratios to the raw baseline (the store's own rate moved {runs.Min(r => r.RawInsertsPerSecond):F0}–{runs.Max(r => r.RawInsertsPerSecond):F0}/s in this run, so rates alone do not compare): ") +
            string.Join(", ", steps.Select(t => FormattableString.Invariant($"{t.From}→{t.To} instances {t.Factor:F2}×"))) + lastAgainstFirst);
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
            scale = steps.Select(t => new { from = t.From, to = t.To, factor = Math.Round(t.Factor, 3) }),
            hashing = new { idleP99Ms = Math.Round(hashing.IdleP99Ms, 1), loadedP99Ms = Math.Round(hashing.LoadedP99Ms, 1), ratio = Math.Round(hashing.Ratio, 2), logins = hashing.Logins },
            runs = runs.Select(r => new
            {
                applicants = r.Applicants, instances = r.Instances, seats = r.Seats, accepted = r.Accepted, full = r.Full, errors5xx = r.Errors5xx,
                signUpsPerSecond = Math.Round(r.SignUpsPerSecond, 1), rawInsertsPerSecond = Math.Round(r.RawInsertsPerSecond, 1),
                ratioToRawInserts = Math.Round(r.RatioToRawInserts, 3), ceilingRatio = Math.Round(r.CeilingRatioOfPairs, 3),
                ceilingStoreRequestsPerApplicant = Math.Round(r.CeilingStoreRequestsPerApplicant, 3),
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

        return MedianPair(pairs);
    }

    /// <summary>
    /// Every scale step, <see cref="BenchOptions.Pairs"/> times, the steps taking turns (1, 2, 4, 8, 1, 2, …): each keeps
    /// the pair with its median ratio.
    /// </summary>
    private static async Task<SortedDictionary<int, CrowdResult>> ScaleAsync(BenchOptions options, Action<string> progress)
    {
        var pairs = options.ScaleSteps.Distinct().ToDictionary(s => s, _ => new List<CrowdResult>());
        for (var i = 0; i < options.Pairs; i++)
        {
            foreach (var instances in pairs.Keys)
            {
                progress(string.Create(CultureInfo.InvariantCulture, $"{options.Applicants} applicants, {instances} instances, {options.Applicants * 2} seats (round {i + 1}/{options.Pairs})"));
                pairs[instances].Add(await FlashCrowd.RunAsync(options.Applicants, instances, options.Applicants * 2));
            }
        }

        return new SortedDictionary<int, CrowdResult>(pairs.ToDictionary(p => p.Key, p => MedianPair(p.Value)));
    }

    /// <summary>The pair with the median ratio, carrying the median of all pairs' ceilings (one ceiling alone is as noisy as one crowd).</summary>
    private static CrowdResult MedianPair(List<CrowdResult> pairs) =>
        pairs.OrderBy(p => p.RatioToRawInserts).ElementAt(pairs.Count / 2) with { CeilingRatioOfPairs = Median(pairs.Select(p => p.CeilingRatio)) };

    /// <summary>Each step's ratio over the previous step's (1→2, 2→4, …): above 1 the crowd went faster with more instances.</summary>
    private static List<(int From, int To, double Factor)> ScaleSteps(SortedDictionary<int, CrowdResult> scale) =>
        scale.Zip(scale.Skip(1), (a, b) => (a.Key, b.Key, b.Value.RatioToRawInserts / a.Value.RatioToRawInserts)).ToList();

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }

    private const string Header =
        "| applicants | instances | seats | accepted | full | 5xx | sign-ups/s | raw inserts/s | ratio | event partition requests / accepted | event partition entities / accepted | store requests / accepted | conflicts retried | p50 ms | p99 ms | ceiling ratio | of ceiling |\n" +
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    private static string Row(CrowdResult r) => string.Create(CultureInfo.InvariantCulture,
        $"| {r.Applicants} | {r.Instances} | {r.Seats} | {r.Accepted} | {r.Full} | {r.Errors5xx} | {r.SignUpsPerSecond:F0} | {r.RawInsertsPerSecond:F0} | {r.RatioToRawInserts:F2} | {r.EventPartitionRequestsPerAccepted:F2} | {r.EventPartitionEntitiesPerAccepted:F2} | {r.StoreRequestsPerAccepted:F2} | {r.ConflictsRetried} | {r.P50Ms:F0} | {r.P99Ms:F0} | {r.CeilingRatioOfPairs:F2} | {r.RatioToRawInserts / r.CeilingRatioOfPairs:F2} |");
}
