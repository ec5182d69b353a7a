using Festa.TestSupport;

namespace Festa.Functions.Tests.Platform;

public sealed class HealthTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    [Fact]
    public async Task Health_is_200_healthy_and_says_nothing_more_to_anonymous_callers()
    {
        var response = await store.Instance.Client.GetAsync("/api/health");

        Assert.Equal(200, response.Status);
        Assert.Equal("""{"status":"healthy"}""", response.Body);
    }

    [Fact]
    public async Task Health_is_a_503_problem_with_retry_after_when_the_store_is_unreachable()
    {
        // Port 9 (discard) on loopback: nothing listens, so every call is refused.
        const string Unreachable = "TableEndpoint=http://127.0.0.1:9/devstoreaccount1;SharedAccessSignature=sv=2020-08-04&sig=unused";
        var settings = TestSettings.ForTables(TestStorage.NewTablePrefix()).With("FestaStorage", Unreachable)
            .With("Festa:Table:CreateTablesOnStartup", "false");
        await using var instance = await FestaInstance.StartAsync(settings);

        var response = await instance.Client.GetAsync("/api/health");

        Assert.Equal(503, response.Status);
        Assert.Equal("store-unavailable", response.ProblemCode);
        Assert.NotNull(response.Header("Retry-After"));
        Assert.False(response.Json.TryGetProperty("detail", out _), response.Body);
        Assert.Contains(instance.Logs.GetSnapshot(), r => r.Message.StartsWith("Health check failed: the table store", StringComparison.Ordinal));
    }
}
