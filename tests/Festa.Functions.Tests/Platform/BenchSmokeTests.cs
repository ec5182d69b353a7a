using Festa.Bench;

namespace Festa.Functions.Tests.Platform;

/// <summary>The benchmark in its smallest form, so it keeps compiling and its invariant checks keep passing.</summary>
public sealed class BenchSmokeTests
{
    [Fact]
    public async Task The_benchmark_runs_every_section_and_its_invariants_hold()
    {
        var options = BenchOptions.Quick with { Applicants = 12, Instances = 2, Seats = 4, Samples = 5, ScaleSteps = [1] };

        var report = await BenchRunner.RunAsync(options);

        foreach (var section in new[] { "## 1. Store requests per operation", "## 2. Session-check overhead", "## 3. Flash crowd", "## 4. Scale with instances" })
        {
            Assert.Contains(section, report, StringComparison.Ordinal);
        }

        Assert.Contains("| sign-up | 6 | 3 |", report, StringComparison.Ordinal);
        Assert.Contains("| 12 | 2 | 4 | 4 | 8 | 0 |", report, StringComparison.Ordinal);
    }
}
