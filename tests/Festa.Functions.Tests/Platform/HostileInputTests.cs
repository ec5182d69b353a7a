using System.Text;
using Festa.TestSupport;
using Festa.TestSupport.Http;

namespace Festa.Functions.Tests.Platform;

/// <summary>
/// Every route in the generated functions.metadata, fed malformed and hostile requests, with and
/// without a valid session: each answer is a 4xx problem document (or a success where the request
/// happens to be valid), never a 5xx or an exception, and the caller's data is left as it was.
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
        var (member, token) = await store.Instance.SignedInMemberAsync();
        var observer = await store.Instance.SessionAsync(member); // survives a logout of the other session
        var profileBefore = (await api.GetAsync("/api/members/me", observer)).Body;
        var failures = new List<string>();

        foreach (var path in Paths(route))
        {
            foreach (var (name, body, contentType) in Bodies)
            {
                foreach (var caller in new[] { null, token })
                {
                    var response = await api.SendAsync(method, path, contentType: contentType, token: caller, rawBytes: body);
                    Check(response, $"{method} {Shorten(path)} body={name} signedIn={caller is not null}", failures);
                }
            }

            foreach (var headers in HostileHeaders)
            {
                var response = await api.SendAsync(method, path, headers: headers);
                Check(response, $"{method} {Shorten(path)} headers={Shorten(string.Join(",", headers.Values))}", failures);
            }
        }

        Assert.Empty(failures);
        if (method != "DELETE")
        {
            Assert.Equal(profileBefore, (await api.GetAsync("/api/members/me", observer)).Body);
        }
    }

    private static void Check(TestResponse response, string request, List<string> failures)
    {
        var isProblem = response.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) == true;
        if (response.Status >= 500 || (response.Status >= 400 && !isProblem))
        {
            failures.Add($"{request} -> {Shorten(response.ToString())}");
        }
    }

    private static IEnumerable<string> Paths(string route) =>
        route.Contains('{', StringComparison.Ordinal)
            ? RouteValues.Select(value => "/api/" + System.Text.RegularExpressions.Regex.Replace(route, "{[^}]+}", value))
            : ["/api/" + route];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";
}
