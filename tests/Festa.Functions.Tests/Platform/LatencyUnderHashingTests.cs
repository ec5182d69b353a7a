using Festa.TestSupport;
using Festa.TestSupport.Http;

namespace Festa.Functions.Tests.Platform;

/// <summary>The harness bench/ uses for issue 19's figure works end to end (the figure itself is the benchmark's).</summary>
public sealed class LatencyUnderHashingTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    [Fact]
    public async Task The_harness_measures_both_p99s_while_every_login_succeeds()
    {
        var result = await LatencyUnderHashing.MeasureAsync(store.Instance, logins: 8, samples: 20);
        TestContext.Current.SendDiagnosticMessage(result.ToString());

        Assert.Equal(8, result.LoginsSucceeded);
        Assert.InRange(result.Samples, 1, 20);
        Assert.True(result.IdleP99Ms > 0 && result.LoadedP99Ms > 0, result.ToString());
    }
}
