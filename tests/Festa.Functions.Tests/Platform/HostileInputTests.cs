using System.Text;
using Festa.Functions.Tests.Contract;
using Festa.TestSupport;
using Festa.TestSupport.Http;

namespace Festa.Functions.Tests.Platform;

/// <summary>
/// Every route in the generated functions.metadata (DELETE routes and the catch-all included), fed malformed and
/// hostile requests against real resources (an event with a poster and a participant, a notification) and against
/// hostile route values, anonymously, as a member and as the resources' owner: each answer is a 4xx problem
/// document (or a success where the request happens to be valid), never a 5xx or an exception, and a refused
/// request leaves everything a client can read as it was (snapshot before and after).
/// </summary>
public sealed class HostileInputTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    private static readonly string[] RouteValues =
        // (A NUL in the path never reaches a function: the server refuses it first.)
        ["..%2F..%2Fadmin", "%E2%80%AE%20x", "ABCDEF0123456789ABCDEF0123456789", new string('x', 2_000), "' or PartitionKey ne ''", "00000000-0000-0000-0000-000000000000"];

    private static readonly (string Name, byte[] Body, string? ContentType)[] Bodies =
    [
        ("empty", [], "application/json"),
        ("truncated", Utf8("{\"userId\":"), "application/json"),
        ("null", Utf8("null"), "application/json"),
        ("array", Utf8("[1,2,3]"), "application/json"),
        ("number", Utf8("42"), "application/json"),
        ("deep", Utf8(new string('[', 5_000) + new string(']', 5_000)), "application/json"),
        ("oversized", Utf8("{\"name\":\"" + new string('a', 200_000) + "\"}"), "application/json"),
        ("duplicate keys", Utf8("{\"name\":\"a\",\"name\":\"b\"}"), "application/json"),
        ("unknown keys", Utf8("{\"isAdmin\":true,\"role\":\"host\"}"), "application/json"),
        ("wrong types", Utf8("""{"userId":1,"password":true,"name":[],"email":{},"phone":5,"region":"x","currentPassword":null,"newPassword":7,"capacity":"lots","startsAt":"yesterday"}"""), "application/json"),
        ("timestamps without zone", Utf8("""{"startsAt":"2030-01-01T10:00:00","endsAt":"2030-01-01"}"""), "application/json"),
        ("control characters", Utf8("{\"name\":\"\\u0000\\u001b[2J\",\"userId\":\"\\ud800\"}"), "application/json"),
        ("invalid utf-8", [0x7B, 0x22, 0x6E, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0xFF, 0x22, 0x7D], "application/json"),
        ("huge strings", Utf8("{\"userId\":\"" + new string('a', 10_000) + "\",\"password\":\"" + new string('b', 10_000) + "\",\"name\":\"" + new string('c', 10_000) + "\",\"email\":\"x@y.z\",\"role\":\"member\"}"), "application/json"),
        ("form post", Utf8("userId=a&password=b"), "application/x-www-form-urlencoded"),
        ("no content type", Utf8("{}"), null),
    ];

    private static readonly Dictionary<string, string>[] HostileHeaders =
    [
        new() { ["Authorization"] = "Bearer " + new string('A', 10_000) },
        new() { ["Authorization"] = "Bearer !!not*base64url!!" },
        new() { ["Authorization"] = "Basic YWRtaW46YWRtaW4=" },
        new() { ["Cookie"] = "__Host-festa-session=" + new string('%', 500) + "; a=b; =; ;;,,__Host-festa-session" },
        new() { ["Cookie"] = string.Join("; ", Enumerable.Range(0, 200).Select(i => $"__Host-festa-session=junk{i}")) },
    ];

    public static TheoryData<string, string> Routes() =>
        new(FunctionsMetadata.HttpFunctions.SelectMany(f => f.Methods.Select(m => (m, f.Route))));

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Hostile_requests_get_4xx_problems_and_change_nothing(string method, string route)
    {
        var api = store.Instance.Client;
        var world = await TestWorld.CreateAsync(store.Instance);
        var before = await world.SnapshotAsync(store.Instance);
        var failures = new List<string>();

        // Each request is built against the current world: a success (a hostile-looking but valid request, e.g. a
        // DELETE by the owner, which has no body to read) legitimately changes it, so a new world is seeded then.
        // The state is compared after each path's batch of refused requests (a snapshot per request would cost seven
        // reads each); a failure names the batch.
        var requests = Bodies.SelectMany(b => new[] { Caller.None, Caller.Member, Caller.Owner }.Select(c => (Body: b, Headers: (Dictionary<string, string>?)null, c)))
            .Concat(HostileHeaders.Select(h => (Body: (Name: "none", Body: Array.Empty<byte>(), ContentType: (string?)null), Headers: (Dictionary<string, string>?)h, Caller.None)))
            .ToList();
        foreach (var path in Paths(route))
        {
            var refused = new List<string>();
            foreach (var ((name, body, contentType), headers, caller) in requests)
            {
                var concrete = path(world);
                var token = caller switch { Caller.Member => world.MemberToken, Caller.Owner => world.HostToken, _ => null };
                var response = await api.SendAsync(method, concrete, contentType: contentType, token: token, rawBytes: body, headers: headers);
                var request = $"{method} {Shorten(concrete)} body={name} caller={caller} headers={Shorten(string.Join(",", headers?.Values.AsEnumerable() ?? []))}";
                Check(response, request, failures);
                if (response.Status is >= 200 and < 300 && method is not ("GET" or "HEAD"))
                {
                    // The success changed the world, so the refusals since the last comparison cannot be told
                    // apart from it; the requests after it run against a new world and are compared again.
                    refused.Clear();
                    world = await TestWorld.CreateAsync(store.Instance);
                    before = await world.SnapshotAsync(store.Instance);
                }
                else if (response.Status >= 400)
                {
                    refused.Add($"{request} -> {response.Status}");
                }
            }

            await CompareAsync(refused);
        }

        Assert.Empty(failures);

        async Task CompareAsync(List<string> refused)
        {
            if (refused.Count > 0 && await world.SnapshotAsync(store.Instance) is var after && after != before)
            {
                failures.Add($"One of these refused requests changed state:\n{string.Join("\n", refused)}\n{before}\n---\n{Shorten(after)}");
                before = after;
            }

            refused.Clear();
        }
    }

    private enum Caller
    {
        None,
        Member,
        Owner,
    }

    private static void Check(TestResponse response, string request, List<string> failures)
    {
        var isProblem = response.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) == true;
        if (response.Status >= 500 || (response.Status >= 400 && !isProblem))
        {
            failures.Add($"{request} -> {Shorten(response.ToString())}");
        }
    }

    /// <summary>The route with the real event (or notification) id, and with each hostile value.</summary>
    private static IEnumerable<Func<TestWorld, string>> Paths(string route) =>
        route.StartsWith("{*", StringComparison.Ordinal)
            ? RouteValues.Select(value => (Func<TestWorld, string>)(_ => "/api/" + value))
            : route.Contains('{', StringComparison.Ordinal)
                ? RouteValues.Select(value => (Func<TestWorld, string>)(_ => "/api/" + System.Text.RegularExpressions.Regex.Replace(route, "{[^}]+}", value)))
                    .Prepend(world => "/api/" + System.Text.RegularExpressions.Regex.Replace(route, "{[^}]+}", world.EventId))
                : [_ => "/api/" + route];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";
}
