using Festa.Core.Members;
using Festa.TestSupport;
using Festa.TestSupport.Http;

namespace Festa.Functions.Tests.Contract;

/// <summary>HEAD on every GET route, 405 with Allow for a wrong method, 404 problems for unknown paths (RFC 9110 §9.3.2, §15.5.6).</summary>
public sealed class HttpMethodTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    private FestaClient Api => store.Instance.Client;

    public static TheoryData<string> GetRoutes() =>
        new(FunctionsMetadata.HttpFunctions.Where(f => f.Methods.Contains("GET") && !f.Route.StartsWith("{*", StringComparison.Ordinal)).Select(f => f.Route));

    [Fact]
    public void Every_GET_route_also_declares_HEAD()
    {
        var routes = FunctionsMetadata.HttpFunctions.Where(f => f.Methods.Contains("GET")).ToList();

        Assert.NotEmpty(routes);
        Assert.All(routes, f => Assert.Contains("HEAD", f.Methods));
    }

    [Theory]
    [MemberData(nameof(GetRoutes))]
    public async Task HEAD_answers_like_GET_without_content(string route)
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var eventId = await Api.CreateEventAsync(host);
        if (route.EndsWith("poster", StringComparison.Ordinal))
        {
            await Api.SendAsync("PUT", $"/api/events/{eventId}/poster", contentType: "image/png", token: host,
                rawBytes: Festa.Functions.Tests.Events.PosterTests.Image("png", 1_000));
        }

        var path = "/api/" + route.Replace("{id}", eventId, StringComparison.Ordinal);
        var get = await Api.SendAsync("GET", path, token: host);
        var head = await Api.SendAsync("HEAD", path, token: host);

        Assert.Equal(get.Status, head.Status);
        Assert.Empty(head.BodyBytes);
        Assert.Equal(get.ContentType, head.ContentType);
        foreach (var name in new[] { "Cache-Control", "ETag", "Content-Length", "X-Content-Type-Options" })
        {
            Assert.Equal(get.Header(name), head.Header(name));
        }
    }

    [Theory]
    [InlineData("PUT", "/api/events", "GET, HEAD, POST")]
    [InlineData("POST", "/api/events/7d3c5b2a9e1f4c6b8a0d2e4f6a8b0c1d", "DELETE, GET, HEAD, PATCH")]
    [InlineData("GET", "/api/auth/login", "POST")]
    [InlineData("DELETE", "/api/health", "GET, HEAD")]
    [InlineData("PATCH", "/api/members/me/notifications/read-all", "POST")]
    public async Task A_wrong_method_on_an_existing_route_is_405_with_Allow(string method, string path, string allow)
    {
        var (_, token) = await store.Instance.SignedInMemberAsync();

        var response = await Api.SendAsync(method, path, token: token);

        Assert.True(response.Status == 405 && response.ProblemCode == "method-not-allowed", response.ToString());
        Assert.Equal(allow, response.Header("Allow"));
    }

    [Fact]
    public async Task OPTIONS_names_the_methods_and_unknown_paths_are_404_problems()
    {
        var options = await Api.SendAsync("OPTIONS", "/api/events");
        Assert.Equal(204, options.Status);
        Assert.Equal("GET, HEAD, POST, OPTIONS", options.Header("Allow"));

        foreach (var path in new[] { "/api/nothing", "/api/events/x/y/z", "/api/members/me/nothing" })
        {
            var response = await Api.SendAsync("GET", path);
            Assert.True(response.Status == 404 && response.ProblemCode == "not-found", $"{path}: {response}");
        }
    }
}
