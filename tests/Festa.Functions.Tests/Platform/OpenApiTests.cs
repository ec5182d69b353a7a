using Festa.Functions.Http.Pipeline;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Festa.Core.Common;
using Festa.Core.Members;
using Festa.Core.Notifications;
using Festa.Functions.Http;
using Festa.Functions.Http.Results;
using Festa.TestSupport;
using Festa.TestSupport.Http;

namespace Festa.Functions.Tests.Platform;

/// <summary>
/// docs/openapi.json against the code: the routes in the generated functions.metadata, the problem types
/// the code can produce, and what the functions really answer when the document's own examples are sent.
/// </summary>
public sealed partial class OpenApiTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    // The example values the walkthrough replaces with live ones (a member, a host, their passwords, an event).
    private const string ExampleMember = "ana_k";
    private const string ExampleHost = "jun_host";
    private const string ExampleMemberPassword = "Lantern-Harbor-58";
    private const string ExampleHostPassword = "Copper-Kettle-Dawn-23";
    private const string ExampleEventId = "7d3c5b2a9e1f4c6b8a0d2e4f6a8b0c1d";
    private const string NoBody = "(no body)";
    private const string ImageBody = "(a PNG image)";

    private static ApiDescription Doc => ApiDescription.Repository;

    private FestaClient Api => store.Instance.Client;

    public static TheoryData<string, string> RequestExamples() => new(Doc.Operations.SelectMany(op => op.RequestBody is { } body
        ? IsJson(body) ? Doc.ExamplesOf(body.GetProperty("content").GetProperty("application/json")).Select(e => (op.Key, e.Name)) : new[] { (op.Key, ImageBody) }
        : new[] { (op.Key, NoBody) }));

    public static TheoryData<string> SessionOperations() => new(Doc.Operations.Where(op => op.RequiresSession).Select(op => op.Key));

    public static TheoryData<string> OperationsWithBodies() => new(Doc.Operations.Where(op => op.RequestBody is { } body && IsJson(body)).Select(op => op.Key));

    [Fact]
    public void The_document_is_OpenAPI_3_1_with_both_ways_to_authenticate()
    {
        var root = Doc.Root;

        Assert.Matches(@"^3\.1\.\d+$", root.GetProperty("openapi").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("info").GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("info").GetProperty("version").GetString()));
        var schemes = root.GetProperty("components").GetProperty("securitySchemes");
        var bearer = schemes.GetProperty("bearerAuth");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        var cookie = schemes.GetProperty("sessionCookie");
        Assert.Equal("apiKey", cookie.GetProperty("type").GetString());
        Assert.Equal("cookie", cookie.GetProperty("in").GetString());
        Assert.Equal(new HttpOptions().SessionCookieName, cookie.GetProperty("name").GetString());
        Assert.Equal(new[] { "bearerAuth", "sessionCookie" }, root.GetProperty("security").EnumerateArray().Select(r => r.EnumerateObject().Single().Name));
    }

    [Fact]
    public void Every_route_in_functions_metadata_is_documented_and_the_document_names_no_other()
    {
        // HEAD (on every GET route) and the catch-all answering 404/405 are rules for all routes, in docs/api.md.
        var generated = FunctionsMetadata.HttpFunctions
            .Where(f => !f.Route.StartsWith("{*", StringComparison.Ordinal))
            .SelectMany(f => f.Methods.Where(m => m != "HEAD").Select(m => $"{m} /{FunctionsMetadata.RoutePrefix}/{RouteTemplate(f.Route)}"))
            .ToHashSet(StringComparer.Ordinal);
        var documented = Doc.Operations.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(generated.Except(documented).Order());
        Assert.Empty(documented.Except(generated).Order());
        Assert.Equal(documented.Count, Doc.Operations.Count);
    }

    [Fact]
    public void Every_operation_documents_its_parameters_bodies_answers_and_examples()
    {
        var failures = new List<string>();
        foreach (var op in Doc.Operations)
        {
            var responses = op.Responses;
            if (!responses.Keys.Any(status => status.StartsWith('2')))
            {
                failures.Add($"{op}: no success response");
            }

            if (!responses.ContainsKey("500"))
            {
                failures.Add($"{op}: 500 internal-error is not documented");
            }

            if (op.RequiresSession && !op.ProblemCodes("401").Contains("unauthenticated"))
            {
                failures.Add($"{op}: needs a session but does not document 401 unauthenticated");
            }

            var placeholders = PathParameter().Matches(op.Path).Select(m => m.Groups[1].Value).Order();
            var declared = op.Parameters.Where(p => p.GetProperty("in").GetString() == "path").ToList();
            if (!placeholders.SequenceEqual(declared.Select(p => p.GetProperty("name").GetString()!).Order()) ||
                declared.Any(p => !p.TryGetProperty("required", out var required) || !required.GetBoolean()))
            {
                failures.Add($"{op}: path parameters are not exactly the required {{…}} of the path");
            }

            if (op.RequestBody is { } image && !IsJson(image))
            {
                // Raw (image) bodies: each media type has a schema; JSON's problems do not apply.
                failures.AddRange(ApiDescription.MembersOf(image, "content").Where(m => !m.Value.TryGetProperty("schema", out _))
                    .Select(m => $"{op}: the request body's {m.Name} has no schema"));
            }
            else if (op.RequestBody is { } body)
            {
                if (!body.GetProperty("content").TryGetProperty("application/json", out var json) || !Doc.ExamplesOf(json).Any())
                {
                    failures.Add($"{op}: the request body has no application/json examples");
                }

                failures.AddRange(new[] { ("400", "malformed-json"), ("400", "body-required"), ("413", "payload-too-large"), ("415", "unsupported-media-type") }
                    .Where(expected => !op.ProblemCodes(expected.Item1).Contains(expected.Item2))
                    .Select(expected => $"{op}: reads a body but does not document {expected.Item1} {expected.Item2}"));
            }

            foreach (var (status, response) in responses)
            {
                if (!response.TryGetProperty("description", out _))
                {
                    failures.Add($"{op} {status}: no description");
                }

                foreach (var media in ApiDescription.MembersOf(response, "content"))
                {
                    if (!media.Value.TryGetProperty("schema", out _) || !Doc.ExamplesOf(media.Value).Any())
                    {
                        failures.Add($"{op} {status} {media.Name}: needs a schema and examples");
                    }

                    var problem = media.Name == "application/problem+json";
                    if (problem != status.StartsWith('4') && problem != status.StartsWith('5'))
                    {
                        failures.Add($"{op} {status}: errors are application/problem+json, successes are not");
                    }
                }
            }
        }

        Assert.Equal(Doc.Operations.Count, Doc.Operations.Select(o => o.Id).Distinct().Count());
        Assert.Empty(failures);
    }

    [Fact]
    public void Every_example_in_the_document_matches_its_schema()
    {
        var examples = Doc.Examples().ToList();
        var failures = examples.SelectMany(e => Doc.Schemas.Validate(e.Schema, e.Value).Select(error => $"{e.Where}: {error}")).ToList();

        Assert.Empty(failures);
        Assert.True(examples.Count > 50, $"only {examples.Count} examples found");
    }

    [Fact]
    public void Every_problem_type_the_code_produces_is_documented_with_its_status_here_and_in_api_md()
    {
        var produced = ProducedProblems();
        var listed = Doc.Root.GetProperty("components").GetProperty("schemas").GetProperty("ProblemType").GetProperty("enum")
            .EnumerateArray().Select(t => t.GetString()!).ToList();
        var apiMd = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "api.md"));

        Assert.All(listed, type => Assert.StartsWith(Problems.TypeBase, type, StringComparison.Ordinal));
        Assert.Equal(produced.Keys.Order(), listed.Select(t => t[Problems.TypeBase.Length..]).Order());
        foreach (var op in Doc.Operations)
        {
            foreach (var status in op.Responses.Keys.Where(s => s[0] is '4' or '5'))
            {
                Assert.All(op.ProblemCodes(status), code => Assert.True(produced.TryGetValue(code, out var real) && real.ToString(CultureInfo.InvariantCulture) == status,
                    $"{op} documents {code} under {status}, but the code answers it with {real}"));
            }
        }

        Assert.All(produced, problem => Assert.Matches($@"\|\s*`{Regex.Escape(problem.Key)}`\s*\|\s*{problem.Value}\s*\|", apiMd));
    }

    [Fact]
    public async Task The_function_serves_the_repository_document_with_a_validator_for_caching()
    {
        var response = await Api.GetAsync("/api/openapi.json");

        Assert.Equal(200, response.Status);
        Assert.Equal("application/json; charset=utf-8", response.ContentType);
        Assert.Equal(Doc.Text, response.Body);
        Assert.StartsWith("public", response.Header("Cache-Control"), StringComparison.Ordinal);
        var etag = response.Header("ETag");
        Assert.NotNull(etag);
        Assert.Empty(Doc["GET /api/openapi.json"].Disagreements(response));

        var unchanged = await Api.SendAsync("GET", "/api/openapi.json", headers: new Dictionary<string, string> { ["If-None-Match"] = etag });
        var changed = await Api.SendAsync("GET", "/api/openapi.json", headers: new Dictionary<string, string> { ["If-None-Match"] = "\"stale\"" });

        Assert.Equal(304, unchanged.Status);
        Assert.Empty(unchanged.Body);
        Assert.Equal(200, changed.Status);
        Assert.Equal(Doc.Text, changed.Body);
    }

    /// <summary>
    /// Each request example of the document, sent to the real function in a world where it makes sense
    /// (a member and a host with sessions, an event by the host that the member has joined), succeeds with
    /// a documented status, headers and body, and the documented examples show every member it returns.
    /// </summary>
    [Theory]
    [MemberData(nameof(RequestExamples))]
    public async Task Request_examples_succeed_against_the_functions_as_documented(string operation, string example)
    {
        var op = Doc[operation];
        var world = await GivenAsync(op);
        var body = example is NoBody or ImageBody ? null : Substitute(RequestExample(op, example), world);
        var image = example == ImageBody ? Festa.Functions.Tests.Events.PosterTests.Image("png", 1_000) : null;

        var response = await Api.SendAsync(op.Method, PathFor(op, world.EventId, useQueryExamples: true), body,
            image is null ? "application/json" : "image/png", op.IsPublic ? null : world.TokenFor(op), rawBytes: image);

        var failures = op.Disagreements(response);
        Assert.True(failures.Count == 0, $"{operation} '{example}': {string.Join("; ", failures)}");
        Assert.True(response.Status is >= 200 and < 300, $"{operation} '{example}' should succeed: {response}");
        if (response.Body.Length > 0 && ApiOperation.IsJsonMedia(response.ContentType))
        {
            var shown = ExampleMembers(op, response.Status);
            var returned = Members(response.Json);
            Assert.True(returned.All(shown.Contains), $"{operation} returned [{string.Join(", ", returned)}], its examples show [{string.Join(", ", shown)}]");
        }
    }

    [Theory]
    [MemberData(nameof(SessionOperations))]
    public async Task Operations_that_need_a_session_refuse_anonymous_callers_as_documented(string operation)
    {
        var op = Doc[operation];
        var body = op.RequestBody is not { } requestBody || !IsJson(requestBody) ? null : RequestExample(op, Doc.ExamplesOf(op.RequestBody.Value.GetProperty("content").GetProperty("application/json")).First().Name);

        var response = await Api.SendAsync(op.Method, PathFor(op, ExampleEventId, useQueryExamples: true), body);

        Assert.Equal(401, response.Status);
        Assert.Equal("unauthenticated", response.ProblemCode);
        Assert.Empty(op.Disagreements(response));
    }

    [Fact]
    public void Rate_limited_operations_document_429_and_idempotent_ones_the_replay_header_on_success()
    {
        ApiOperation Of(string function) => Doc.Operations.Single(o => string.Equals(o.Id, function, StringComparison.OrdinalIgnoreCase));
        foreach (var function in RoutePolicies.RateLimitedFunctions)
        {
            Assert.True(Of(function).ProblemCodes("429").Contains("rate-limited"), $"{function}: no documented 429 rate-limited");
        }

        foreach (var function in RoutePolicies.IdempotentFunctions)
        {
            var success = Of(function).Responses.First(r => r.Key.StartsWith('2')).Value;
            Assert.True(success.TryGetProperty("headers", out var headers) && headers.TryGetProperty("Idempotent-Replayed", out _),
                $"{function}: its success answer does not document Idempotent-Replayed");
        }
    }

    /// <summary>Unsafe operations a session cookie may authenticate (the cookie scheme is one of their security requirements).</summary>
    public static TheoryData<string> UnsafeCookieOperations() => new(Doc.Operations
        .Where(op => op.Method is "POST" or "PUT" or "PATCH" or "DELETE" && op.Security.Any(r => r.TryGetProperty("sessionCookie", out _)))
        .Select(op => op.Key));

    [Theory]
    [MemberData(nameof(UnsafeCookieOperations))]
    public async Task Cookie_requests_from_another_origin_get_the_documented_403_before_anything_else(string operation)
    {
        var op = Doc[operation];
        var body = op.RequestBody is not { } requestBody || !IsJson(requestBody) ? null : RequestExample(op, Doc.ExamplesOf(op.RequestBody.Value.GetProperty("content").GetProperty("application/json")).First().Name);
        var crossSite = new Dictionary<string, string> { ["Cookie"] = "__Host-festa-session=" + new string('A', 43), ["Origin"] = "https://evil.example" };

        var response = await Api.SendAsync(op.Method, PathFor(op, ExampleEventId, useQueryExamples: true), body, headers: crossSite);

        Assert.True((response.Status, response.ProblemCode) == (403, "cross-site-request"), $"{operation}: {response}");
        Assert.Empty(op.Disagreements(response));
    }

    [Theory]
    [MemberData(nameof(OperationsWithBodies))]
    public async Task Unreadable_bodies_get_the_documented_problems(string operation)
    {
        var op = Doc[operation];
        var world = await GivenAsync(op);
        var path = PathFor(op, world.EventId, useQueryExamples: false);
        var token = op.IsPublic ? null : world.TokenFor(op);
        var example = Substitute(RequestExample(op, Doc.ExamplesOf(op.RequestBody!.Value.GetProperty("content").GetProperty("application/json")).First().Name), world);

        var cases = new (string Body, string ContentType, int Status, string Code)[]
        {
            ("{\"title\":", "application/json", 400, "malformed-json"),
            ("", "application/json", 400, "body-required"),
            (example, "text/plain", 415, "unsupported-media-type"),
            ("{\"title\":\"" + new string('x', 70_000) + "\"}", "application/json", 413, "payload-too-large"),
        };
        foreach (var (body, contentType, status, code) in cases)
        {
            var response = await Api.SendAsync(op.Method, path, body, contentType, token);

            Assert.True(response.Status == status && response.ProblemCode == code, $"{operation} with {code}: {response}");
            Assert.Empty(op.Disagreements(response));
        }
    }

    /// <summary>A host and a member with sessions and a region, and an event by the host that the member has joined.</summary>
    private async Task<World> GivenAsync(ApiOperation op)
    {
        var home = new Region("Seoul", "Mapo-gu");
        var (host, hostToken) = await store.Instance.SignedInMemberAsync(Role.Host, home);
        var (member, memberToken) = await store.Instance.SignedInMemberAsync(Role.Member, home);
        string[] waitlistOps = ["joinWaitlist", "getMyWaitlistPlace", "leaveWaitlist", "listWaitlist", "listMyWaitlists"];
        var waitlistOp = waitlistOps.Contains(op.Id);
        var eventId = await Api.CreateEventAsync(hostToken, waitlistOp ? Requests.Event(title: "Full " + Guid.NewGuid().ToString("N")[..8], capacity: 1) : null);
        if (waitlistOp)
        {
            // A full event (another member holds its one seat); the member waits for it unless the example is the join.
            var (_, other) = await store.Instance.SignedInMemberAsync();
            Assert.Equal(201, (await Api.PostAsync($"/api/events/{eventId}/signups", token: other)).Status);
            if (op.Id != "joinWaitlist")
            {
                Assert.Equal(201, (await Api.PostAsync($"/api/events/{eventId}/waitlist", token: memberToken)).Status);
            }
        }
        else if (op.Id != "signUpForEvent")
        {
            var joined = await Api.PostAsync($"/api/events/{eventId}/signups", token: memberToken);
            Assert.True(joined.Status == 201, joined.ToString());
        }

        if (op.Id == "getEventPoster")
        {
            var poster = await Api.SendAsync("PUT", $"/api/events/{eventId}/poster", contentType: "image/png", token: hostToken,
                rawBytes: Festa.Functions.Tests.Events.PosterTests.Image("png", 1_000));
            Assert.True(poster.Status == 204, poster.ToString());
        }

        if (op.Id == "markNotificationRead")
        {
            // The path's {id} is filled with the event id: the member gets a notification of that id.
            await store.Instance.Get<INotificationStore>().TryAddAsync(new Notification(eventId, member.UserId, NotificationKind.EventChanged,
                eventId, "Changed", "The host changed the time.", DateTimeOffset.UtcNow, null), TestContext.Current.CancellationToken);
        }

        // Sign-up examples create their accounts, so they get user ids nobody has yet.
        return op.Id == "signUp"
            ? new World(Seed.NewUserId("m"), memberToken, Seed.NewUserId("h"), hostToken, eventId)
            : new World(member.UserId.Value, memberToken, host.UserId.Value, hostToken, eventId);
    }

    /// <summary>Whether a request body is JSON (else it is raw bytes, such as a poster image).</summary>
    private static bool IsJson(JsonElement requestBody) => requestBody.GetProperty("content").TryGetProperty("application/json", out _);

    private static string RequestExample(ApiOperation op, string name) =>
        Doc.ExamplesOf(op.RequestBody!.Value.GetProperty("content").GetProperty("application/json")).Single(e => e.Name == name).Value.GetRawText();

    /// <summary>The example with live ids and passwords, and its timestamps moved on by whole years until they lie ahead.</summary>
    private static string Substitute(string example, World world)
    {
        var node = JsonNode.Parse(example);
        var timestamps = Strings(node).Select(s => s.GetValue<string>()).Where(IsTimestamp).Select(t => DateTimeOffset.Parse(t, CultureInfo.InvariantCulture)).ToList();
        var years = 0;
        while (timestamps.Count > 0 && timestamps.Min().AddYears(years) <= DateTimeOffset.UtcNow.AddDays(1))
        {
            years++;
        }

        foreach (var value in Strings(node).ToList())
        {
            var text = value.GetValue<string>();
            var replacement = text switch
            {
                ExampleMember => world.MemberId,
                ExampleHost => world.HostId,
                ExampleMemberPassword or ExampleHostPassword => Seed.Password,
                ExampleEventId => world.EventId,
                _ when IsTimestamp(text) => (int.Parse(text[..4], CultureInfo.InvariantCulture) + years).ToString("D4", CultureInfo.InvariantCulture) + text[4..],
                _ => text,
            };
            value.ReplaceWith(JsonValue.Create(replacement));
        }

        return node!.ToJsonString();
    }

    private static IEnumerable<JsonValue> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v],
        _ => [],
    };

    private static bool IsTimestamp(string text) => Timestamp().IsMatch(text);

    /// <summary>The path with the event id in its placeholders and, if asked, the documented query examples.</summary>
    private static string PathFor(ApiOperation op, string eventId, bool useQueryExamples)
    {
        var path = PathParameter().Replace(op.Path, eventId);
        var query = op.Parameters
            .Where(p => useQueryExamples && p.GetProperty("in").GetString() == "query" && p.TryGetProperty("example", out _))
            .Select(p => $"{p.GetProperty("name").GetString()}={Uri.EscapeDataString(p.GetProperty("example").ToString())}")
            .ToList();
        return query.Count == 0 ? path : path + "?" + string.Join('&', query);
    }

    /// <summary>Top-level member names of every documented example of this answer (of the items, for arrays).</summary>
    private static HashSet<string> ExampleMembers(ApiOperation op, int status)
    {
        var response = op.Responses[status.ToString(CultureInfo.InvariantCulture)];
        return response.GetProperty("content").EnumerateObject()
            .SelectMany(media => Doc.ExamplesOf(media.Value))
            .SelectMany(example => Members(example.Value))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static List<string> Members(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().Select(p => p.Name).ToList(),
        JsonValueKind.Array => value.EnumerateArray().SelectMany(Members).Distinct().ToList(),
        _ => [],
    };

    /// <summary>Problem codes the code can answer with, and their status: Festa.Core's errors and the HTTP layer's own.</summary>
    private static Dictionary<string, int> ProducedProblems()
    {
        var produced = new Dictionary<string, int>(StringComparer.Ordinal);
        var core = typeof(Error).Assembly.GetTypes().Where(t => t.IsAbstract && t.IsSealed);
        foreach (var type in core)
        {
            var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Static).Where(p => p.PropertyType == typeof(Error)).Select(p => p.GetValue(null));
            var factories = type.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == typeof(Error) && !m.IsSpecialName)
                .Select(m => m.Invoke(null, m.GetParameters().Select(p => p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null).ToArray()));
            foreach (var error in properties.Concat(factories).OfType<Error>())
            {
                produced[error.Code] = Problems.StatusOf(error.Kind);
            }
        }

        var sources = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "Festa.Functions"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (Match created in sources.SelectMany(f => HttpProblem().Matches(File.ReadAllText(f))))
        {
            produced[created.Groups["code"].Value] = int.Parse(created.Groups["status"].Value, CultureInfo.InvariantCulture);
        }

        Assert.Contains("event-full", produced.Keys);
        Assert.Contains("malformed-json", produced.Keys);
        return produced;
    }

    private static string RouteTemplate(string route) => RouteParameter().Replace(route, "{$1}");

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex PathParameter();

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z_][A-Za-z0-9_]*)(?::[^}?=]*)?[?]?\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"Problems\.Create\(\s*StatusCodes\.Status(?<status>\d{3})\w*,\s*""(?<code>[a-z0-9-]+)""")]
    private static partial Regex HttpProblem();

    private sealed record World(string MemberId, string MemberToken, string HostId, string HostToken, string EventId)
    {
        /// <summary>Operations that can answer 403 are the host's; everything else is done as the member.</summary>
        public string TokenFor(ApiOperation op) => op.HasOwnForbidden ? HostToken : MemberToken;
    }
}
