using System.Text.Json;
using Festa.Bench;

namespace Festa.Functions.Tests.Platform;

/// <summary>The benchmark in its smallest form, so it keeps compiling and its invariant checks keep passing.</summary>
public sealed class BenchSmokeTests
{
    [Fact]
    public async Task The_benchmark_runs_every_section_and_its_invariants_hold()
    {
        var options = BenchOptions.Quick with { Applicants = 12, Instances = 2, Seats = 4, Samples = 5, ScaleSteps = [1, 2], Pairs = 1, HashingLogins = 4 };

        var (report, json) = await BenchRunner.RunAsync(options);

        foreach (var section in new[] { "## 1. Store requests per operation", "## 2. Session-check overhead", "## 3. Flash crowd", "## 4. Scale with instances", "## 5. A storeless request while logins hash" })
        {
            Assert.Contains(section, report, StringComparison.Ordinal);
        }

        Assert.Contains("| sign-up (alone) | 7 | 4 |", report, StringComparison.Ordinal);
        Assert.Contains("| 12 | 2 | 4 | 4 | 8 | 0 |", report, StringComparison.Ordinal);

        // results.json: one object per distinct run (full event, open event, and the scale step not already run).
        using var results = JsonDocument.Parse(json);
        Assert.True(results.RootElement.GetProperty("rawInsertsPerSecond").GetDouble() > 0);
        Assert.Equal(4, results.RootElement.GetProperty("hashing").GetProperty("logins").GetInt32());
        var runs = results.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal([(2, 4, 4, 8), (2, 24, 12, 0), (1, 24, 12, 0)],
            runs.Select(r => (r.GetProperty("instances").GetInt32(), r.GetProperty("seats").GetInt32(), r.GetProperty("accepted").GetInt32(), r.GetProperty("full").GetInt32())));
        foreach (var run in runs)
        {
            Assert.True(run.GetProperty("eventPartitionRequestsPerAccepted").GetDouble() > 0, run.ToString());
            Assert.True(run.GetProperty("eventPartitionEntitiesPerAccepted").GetDouble() >= 1, run.ToString()); // each seat writes its row
            Assert.True(run.GetProperty("storeRequestsPerAccepted").GetDouble() >= 1, run.ToString()); // each sign-up reads its session
        }
    }
}
