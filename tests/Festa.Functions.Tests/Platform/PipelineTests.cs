using System.Globalization;
using Azure;
using Festa.Core.Common;
using Festa.Core.RateLimiting;
using Festa.Functions.Http.Pipeline;
using Festa.TestSupport;
using Festa.TestSupport.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Festa.Functions.Tests.Platform;

/// <summary>
/// The HTTP pipeline the worker runs (exceptions → authentication → rate limit → function), through the test
/// client that runs the same <see cref="HttpPipeline"/>: route rate limits on two instances, client addresses,
/// and the 500/503 answers of the exception boundary.
/// </summary>
public sealed class PipelineTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    [Fact]
    public async Task Member_sign_ups_are_limited_per_client_address_across_instances()
    {
        // Exact counts: the rate-limit window must not roll over during the test.
        await RateLimitWindows.ClearOfBoundaryAsync(TimeSpan.FromMinutes(60), TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var a = await store.StartInstanceAsync(s => s["Festa:RateLimits:MemberSignUpPerClient:PermitLimit"] = "3");
        var b = await store.StartInstanceAsync(s => s["Festa:RateLimits:MemberSignUpPerClient:PermitLimit"] = "3");
        var script = Seed.NewClientAddress();

        for (var i = 0; i < 3; i++)
        {
            var api = (i % 2 == 0 ? a : b).Client.From(script);
            Assert.Equal(201, (await api.PostAsync("/api/members", Requests.SignUp(Seed.NewUserId()))).Status);
        }

        var refused = await b.Client.From(script).PostAsync("/api/members", Requests.SignUp(Seed.NewUserId()));
        AssertRateLimited(refused, maxRetryAfterSeconds: 3600);
        Assert.Equal(201, (await a.Client.From(Seed.NewClientAddress()).PostAsync("/api/members", Requests.SignUp(Seed.NewUserId()))).Status);
    }

    [Fact]
    public async Task Event_sign_ups_are_limited_per_member_across_instances()
    {
        var a = await store.StartInstanceAsync(s => s["Festa:RateLimits:EventSignUpPerMember:PermitLimit"] = "2");
        var b = await store.StartInstanceAsync(s => s["Festa:RateLimits:EventSignUpPerMember:PermitLimit"] = "2");
        var host = await a.Client.LoginAsync(await a.Client.SignUpAsync(role: "host"));
        var events = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            events.Add(await a.Client.CreateEventAsync(host));
        }

        var member = await a.Client.LoginAsync(await a.Client.SignUpAsync());
        var other = await b.Client.LoginAsync(await b.Client.SignUpAsync());

        // Exact counts from here on: the rate-limit window must not roll over (setup above may take a while).
        await RateLimitWindows.ClearOfBoundaryAsync(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        Assert.Equal(201, (await a.Client.PostAsync($"/api/events/{events[0]}/signups", token: member)).Status);
        Assert.Equal(201, (await b.Client.PostAsync($"/api/events/{events[1]}/signups", token: member)).Status);
        AssertRateLimited(await a.Client.PostAsync($"/api/events/{events[2]}/signups", token: member), maxRetryAfterSeconds: 60);
        Assert.Equal(201, (await a.Client.PostAsync($"/api/events/{events[2]}/signups", token: other)).Status);

        // Anonymous requests are not counted against anyone: they get the function's 401.
        Assert.Equal(401, (await a.Client.PostAsync($"/api/events/{events[2]}/signups")).Status);
    }

    [Fact]
    public async Task Forwarded_for_tells_clients_apart_only_when_trusted_and_only_by_the_entry_the_platform_appended()
    {
        // Exact counts: the rate-limit window must not roll over during the test.
        await RateLimitWindows.ClearOfBoundaryAsync(TimeSpan.FromMinutes(60), TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var trusted = await store.StartInstanceAsync(s =>
        {
            s["Festa:Http:TrustForwardedFor"] = "true";
            s["Festa:RateLimits:MemberSignUpPerClient:PermitLimit"] = "1";
        });
        var untrusted = await store.StartInstanceAsync(s => s["Festa:RateLimits:MemberSignUpPerClient:PermitLimit"] = "1");
        var first = "198.51.100." + Random.Shared.Next(1, 250).ToString(CultureInfo.InvariantCulture);
        var second = "203.0.113." + Random.Shared.Next(1, 250).ToString(CultureInfo.InvariantCulture);

        // Behind the host every request comes from the same loopback connection; the header tells them apart.
        Assert.Equal(201, (await SignUpVia(trusted.Client, $"{first}:50123")).Status);
        Assert.Equal(201, (await SignUpVia(trusted.Client, second)).Status);

        // Entries left of the last one were written by the client: a changed one does not make a new client.
        AssertRateLimited(await SignUpVia(trusted.Client, $"10.9.8.7, {first}"), maxRetryAfterSeconds: 3600);

        // Untrusted: the header is ignored, both requests are the loopback connection's.
        Assert.Equal(201, (await SignUpVia(untrusted.Client, "192.0.2.10")).Status);
        AssertRateLimited(await SignUpVia(untrusted.Client, "192.0.2.11"), maxRetryAfterSeconds: 3600);

        static Task<TestResponse> SignUpVia(FestaClient api, string forwardedFor) =>
            api.SendAsync("POST", "/api/members", System.Text.Json.JsonSerializer.Serialize(Requests.SignUp(Seed.NewUserId())),
                headers: new Dictionary<string, string> { ["X-Forwarded-For"] = forwardedFor }, clientAddress: "127.0.0.1");
    }

    [Fact]
    public async Task A_store_outage_in_the_pipeline_is_a_503_problem_with_Retry_After()
    {
        var instance = await store.StartInstanceAsync(services: s =>
            s.AddSingleton<IRateLimitStore>(new FailingCounterStore(new RequestFailedException(503, "Server busy"))));

        var response = await instance.Client.From(Seed.NewClientAddress()).PostAsync("/api/members", Requests.SignUp(Seed.NewUserId()));

        Assert.Equal(503, response.Status);
        Assert.Equal("store-unavailable", response.ProblemCode);
        Assert.Equal("2", response.Header("Retry-After"));
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_500_problem_without_details()
    {
        var instance = await store.StartInstanceAsync(services: s =>
            s.AddSingleton<IRateLimitStore>(new FailingCounterStore(new InvalidOperationException("secret detail"))));

        var response = await instance.Client.From(Seed.NewClientAddress()).PostAsync("/api/members", Requests.SignUp(Seed.NewUserId()));

        Assert.Equal(500, response.Status);
        Assert.Equal("internal-error", response.ProblemCode);
        Assert.DoesNotContain("secret", response.Body, StringComparison.Ordinal);
        Assert.True(response.Json.TryGetProperty("traceId", out _));
    }

    [Fact]
    public void Every_rate_limited_route_names_a_real_HTTP_function()
    {
        var functions = FunctionsMetadata.HttpFunctions.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        Assert.All(RoutePolicies.RateLimitedFunctions, name => Assert.Contains(name, functions));
    }

    private static void AssertRateLimited(TestResponse response, int maxRetryAfterSeconds)
    {
        Assert.Equal(429, response.Status);
        Assert.Equal("rate-limited", response.ProblemCode);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.InRange(int.Parse(response.Header("Retry-After")!, CultureInfo.InvariantCulture), 1, maxRetryAfterSeconds);
    }

    /// <summary>A counter store that fails every request, as an unreachable or broken store would.</summary>
    private sealed class FailingCounterStore(Exception failure) : IRateLimitStore
    {
        public Task<Versioned<int>?> ReadAsync(RateLimitCounterKey key, CancellationToken cancellationToken) => throw failure;

        public Task<string?> TryInsertAsync(RateLimitCounterKey key, int count, DateTimeOffset expiresAt, CancellationToken cancellationToken) => throw failure;

        public Task<string?> TryReplaceAsync(RateLimitCounterKey key, int count, string version, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
            throw failure;

        public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw failure;
    }
}
