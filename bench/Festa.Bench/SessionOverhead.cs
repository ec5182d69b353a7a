using System.Diagnostics;
using System.Globalization;
using Festa.AzureStorage.Tables;
using Festa.TestSupport;

namespace Festa.Bench;

/// <summary>
/// Section 2: an authenticated no-op request through the function class (GET /api/auth/session, the
/// session resolved from the store) against one raw point read on the same client, interleaved in one run.
/// </summary>
public static class SessionOverhead
{
    public static async Task<string> RunAsync(int samples)
    {
        await using var stage = await Stage.StartAsync(1);
        var (member, token) = await stage.First.SignedInMemberAsync();
        var members = stage.First.Get<FestaTables>().Members;
        var request = new List<double>(samples);
        var raw = new List<double>(samples);

        for (var i = -samples / 10; i < samples; i++)
        {
            var watch = Stopwatch.StartNew();
            RoundTrips.Require(await stage.First.Client.GetAsync("/api/auth/session", token), 200);
            var requestMs = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            await members.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(member.UserId.Value, "profile");
            var rawMs = watch.Elapsed.TotalMilliseconds;
            if (i >= 0)
            {
                request.Add(requestMs);
                raw.Add(rawMs);
            }
        }

        string Row(string name, double p50, double p99) =>
            string.Create(CultureInfo.InvariantCulture, $"| {name} | {p50:F2} | {p99:F2} |");
        var (r50, r99, p50, p99) = (Stats.Percentile(request, 50), Stats.Percentile(request, 99), Stats.Percentile(raw, 50), Stats.Percentile(raw, 99));
        return string.Join('\n',
            $"{samples} samples each, interleaved.",
            string.Empty,
            "| | median ms | p99 ms |",
            "|---|---:|---:|",
            Row("authenticated no-op request (GET /api/auth/session)", r50, r99),
            Row("raw point read (same client)", p50, p99),
            string.Create(CultureInfo.InvariantCulture, $"| **ratio** | **{r50 / p50:F2}** | **{r99 / p99:F2}** |"),
            string.Empty);
    }
}
