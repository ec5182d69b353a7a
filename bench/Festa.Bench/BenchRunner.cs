using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Festa.Bench;

/// <summary>Runs every section against the store in FESTA_TEST_STORAGE and returns one Markdown report.</summary>
public static class BenchRunner
{
    public static async Task<string> RunAsync(BenchOptions options, Action<string>? progress = null)
    {
        progress ??= _ => { };
        var report = new StringBuilder();
        report.AppendLine("# Festa benchmark results").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- Date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB");
        report.AppendLine("- Store: Azurite 3.35.0 (in memory, loopback), one Festa service provider per instance, all in one process");
        report.AppendLine("- Figures are ratios measured in the same run: this machine is shared and noisy.").AppendLine();

        progress("round trips");
        report.AppendLine("## 1. Store requests per operation").AppendLine();
        report.AppendLine("Counted by an Azure SDK pipeline policy on the real clients (SDK retries not counted).").AppendLine();
        report.AppendLine(await RoundTrips.RunAsync());

        progress("session overhead");
        report.AppendLine("## 2. Session-check overhead").AppendLine();
        report.AppendLine(await SessionOverhead.RunAsync(options.Samples));

        progress("flash crowd");
        report.AppendLine("## 3. Flash crowd").AppendLine();
        var rawInserts = await FlashCrowd.RawInsertsPerSecondAsync(options.Applicants);
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Raw conditional inserts into one partition ({options.Applicants} rows, {FlashCrowd.RawWriters} concurrent writers): **{rawInserts:F0}/s**. After every run the invariants are asserted: accepted = sign-up rows stored = seats shown ≤ seats, and = min(applicants, seats) when nobody was turned away as busy (5xx).").AppendLine();
        report.AppendLine("Sign-ups/s counts accepted sign-ups over the whole burst, refusals included. A sign-up costs about four store requests (session, partition read, member hint, batch) where a raw insert costs one, so about 0.25 is the ceiling when the store is the limit; \"conflicts retried\" are batches beyond one per accepted sign-up.").AppendLine();
        report.AppendLine(CrowdHeader);
        var crowd = await FlashCrowd.RunAsync(options.Applicants, options.Instances, options.Seats);
        report.AppendLine(CrowdRow(crowd, rawInserts));
        var open = await FlashCrowd.RunAsync(options.Applicants, options.Instances, options.Applicants * 2);
        report.AppendLine(CrowdRow(open, rawInserts)).AppendLine();

        progress("scale");
        report.AppendLine("## 4. Scale with instances (capacity above applicants: every request takes a seat)").AppendLine();
        report.AppendLine(CrowdHeader);
        foreach (var instances in options.ScaleSteps)
        {
            report.AppendLine(CrowdRow(await FlashCrowd.RunAsync(options.Applicants, instances, options.Applicants * 2), rawInserts));
        }

        report.AppendLine().AppendLine("All instances share one Azurite process (single-threaded Node.js) on a 2-core machine, so the store is the limit: more instances add concurrency, not capacity.");
        return report.ToString();
    }

    private const string CrowdHeader =
        "| applicants | instances | seats | accepted | full | 5xx | sign-ups/s | requests/s | sign-ups/s ÷ raw inserts/s | p50 ms | p99 ms | store requests | conflicts retried |\n" +
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    private static string CrowdRow(CrowdResult r, double rawInserts) => string.Create(CultureInfo.InvariantCulture,
        $"| {r.Applicants} | {r.Instances} | {r.Seats} | {r.Accepted} | {r.Full} | {r.Errors} | {r.SignUpsPerSecond:F0} | {r.RequestsPerSecond:F0} | {r.SignUpsPerSecond / rawInserts:F2} | {r.P50:F0} | {r.P99:F0} | {r.StoreRequests} | {r.Conflicts} |");
}
