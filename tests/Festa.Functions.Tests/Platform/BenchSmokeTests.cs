using System.Text.Json;
using Festa.Bench;
using Festa.TestSupport;
using Microsoft.Extensions.Logging;

namespace Festa.Functions.Tests.Platform;

/// <summary>The benchmark in its smallest form, so it keeps compiling and its invariant checks keep passing.</summary>
public sealed class BenchSmokeTests
{
    [Fact]
    public async Task Bench_instances_log_at_the_deployed_levels_not_the_tests_debug()
    {
        await using var stage = await Stage.StartAsync(1);
        var (_, host) = await stage.First.SignedInMemberAsync(Festa.Core.Members.Role.Host);
        var created = await stage.First.Client.PostAsync("/api/events", Requests.Event(), host);
        Assert.Equal(201, created.Status);
        var (_, member) = await stage.First.SignedInMemberAsync();
        Assert.Equal(201, (await stage.First.Client.PostAsync($"/api/events/{created.Json.GetProperty("id").GetString()}/signups", token: member)).Status);

        var logs = stage.First.Logs.GetSnapshot();
        // Festa's own Information lines stay ("took a seat"); the Azure SDK's per-call lines (one per store request) do not.
        Assert.Contains(logs, r => r.Category?.StartsWith("Festa", StringComparison.Ordinal) == true && r.Level == LogLevel.Information
            && r.Message.Contains("took a seat", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, r => r.Category?.StartsWith("Festa", StringComparison.Ordinal) != true && r.Level < LogLevel.Warning);
        Assert.DoesNotContain(logs, r => r.Level < LogLevel.Information);
    }

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
        var step = Assert.Single(results.RootElement.GetProperty("scale").EnumerateArray());
        Assert.Equal((1, 2), (step.GetProperty("from").GetInt32(), step.GetProperty("to").GetInt32()));
        Assert.True(step.GetProperty("factor").GetDouble() > 0);
        Assert.Contains("1→2 instances", report, StringComparison.Ordinal);
        var runs = results.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal([(2, 4, 4, 8), (2, 24, 12, 0), (1, 24, 12, 0)],
            runs.Select(r => (r.GetProperty("instances").GetInt32(), r.GetProperty("seats").GetInt32(), r.GetProperty("accepted").GetInt32(), r.GetProperty("full").GetInt32())));
        foreach (var run in runs)
        {
            Assert.True(run.GetProperty("eventPartitionRequestsPerAccepted").GetDouble() > 0, run.ToString());
            Assert.True(run.GetProperty("eventPartitionEntitiesPerAccepted").GetDouble() >= 1, run.ToString()); // each seat writes its row
            Assert.True(run.GetProperty("storeRequestsPerAccepted").GetDouble() >= 1, run.ToString()); // each sign-up reads its session
            Assert.True(run.GetProperty("ceilingRatio").GetDouble() > 0, run.ToString());
            // The ceiling is each applicant's session read and gated hint batch, no more (a gate opened late would add two).
            Assert.InRange(run.GetProperty("ceilingStoreRequestsPerApplicant").GetDouble(), 2.0, 2.2);
        }
    }
}
