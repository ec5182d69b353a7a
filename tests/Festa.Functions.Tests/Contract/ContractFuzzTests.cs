using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Festa.Functions.Tests.Platform;
using Festa.TestSupport;
using Festa.TestSupport.Http;

namespace Festa.Functions.Tests.Contract;

/// <summary>
/// Property-based fuzzing from the contract: for every operation in docs/openapi.json, requests generated with
/// CsCheck — valid ones (the documented examples with live ids) and mutated ones (wrong types, boundary and huge
/// numbers, extra and missing members, repeated and empty query parameters, odd Unicode, extreme dates, bad
/// cursors and ids, other media types, no session) — go through the function-level harness. Properties: no 5xx;
/// every answer is documented for the operation (status, problem <c>type</c> listed under that status, 2xx
/// bodies valid against the response schema); a refused request changes nothing a client can read.
/// </summary>
/// <remarks>
/// Fixed seed and <see cref="DefaultIterations"/> per operation in CI (about 4,000 requests with the state
/// snapshots, ~1.5 minutes on a loaded 2-core machine). Longer run: <c>FESTA_FUZZ_ITERATIONS=2000 FESTA_FUZZ_SEED=&lt;any CsCheck seed&gt; ./test.sh
/// --filter ContractFuzzTests</c>, optionally <c>FESTA_FUZZ_OPERATION="GET /api/events"</c> for one operation.
/// A failure names the seed and iteration that reproduce it.
/// </remarks>
public sealed class ContractFuzzTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    private const int DefaultIterations = 30;
    private const string DefaultSeed = "0000000030Y1";
    private const string ExampleEventId = "7d3c5b2a9e1f4c6b8a0d2e4f6a8b0c1d";

    private static readonly string[] ExampleMembers = ["ana_k", "jun_host"];
    private static readonly string[] ExamplePasswords = ["Lantern-Harbor-58", "Copper-Kettle-Dawn-23"];

    /// <summary>Operations whose success ends the world the next request needs (its event, member or sessions).</summary>
    private static readonly HashSet<string> Destructive =
        ["deleteEvent", "withdraw", "logout", "endMyOtherSessions", "changeMyPassword"];

    /// <summary>Operations that hash a password when the request is valid (deliberately slow).</summary>
    private static readonly HashSet<string> Hashing = ["login", "signUp", "changeMyPassword"];

    private static readonly string[] PathValues =
        ["00000000000000000000000000000000", "7D3C5B2A9E1F4C6B8A0D2E4F6A8B0C1D", "%E2%80%AE%20x", "..%2F..%2Fadmin", new string('x', 600), "' or PartitionKey ne '", "%F0%9F%98%80"];

    private static readonly string[] QueryValues =
    [
        "0", "101", "-1", "1.5", "1e2", "99999999999999999999", "0x10", "%2B5", "abc", "Concert", "exhibition,festival", "exhibition%2C%20festival", "3",
        "9999-12-31T23:59:59.9999999Z", "0001-01-01T00:00:00Z", "2030-01-01T00:00:00", "2030-02-30T00:00:00Z", "2099-12-31T23:59:59%2B23:59", "%00", "%E2%80%AE",
        "Cafe%CC%81", "%F0%9F%98%80", "%ED%A0%80", new string('A', 600), "!!", Base64Url.EncodeToString("pool.0"u8), Base64Url.EncodeToString("signup.ABCD"u8),
        Base64Url.EncodeToString("event"u8), "AAAA", "_-_-",
    ];

    private static readonly Func<JsonNode?>[] OddValues =
    [
        () => null, () => true, () => 0, () => -1, () => int.MaxValue, () => long.MinValue, () => 1.5, () => "", () => " ", () => "12",
        () => new string('a', 5_000), () => "concert", () => "Concert", () => "exhibition, festival", () => "\u212Aelvin", () => "Cafe\u0301",
        () => "\u202Eevil", () => "a\u0000b", () => "line\nbreak", () => "😀", () => "9999-12-31T23:59:59.9999999Z", () => "0001-01-01T00:00:00Z",
        () => "2030-01-01T00:00:00", () => "2099-12-31T23:59:59+23:59", () => new JsonArray(), () => new JsonObject(), () => new JsonArray(1, "x"),
        () => Raw("1e400"), () => Raw("123456789012345678901234567890"), () => Raw("-0"), () => Raw("1.0"),
    ];

    private static readonly string?[] ContentTypes =
        ["application/json; charset=\"utf-8\"", "APPLICATION/JSON;CHARSET=UTF-8", "text/plain", "application/json; charset=latin1", null, "application/x-www-form-urlencoded", "application/json; charset=\"utf-8"];

    private static ApiDescription Doc => ApiDescription.Repository;

    private FestaClient Api => store.Instance.Client;

    public static TheoryData<string> Operations() => new(Doc.Operations.Select(o => o.Key));

    /// <summary>What a generated request does: which caller, which path value, which mutations.</summary>
    private sealed record Recipe(int Caller, int PathRoll, int PathPick, int Mutations, int[] Picks)
    {
        private int _next;

        public int Pick(int count) => count == 0 ? 0 : Picks[_next++ % Picks.Length] % count;

        public bool Roll(int percent) => Pick(100) < percent;

        public override string ToString() => $"caller={Caller} path={PathRoll}/{PathPick} mutations={Mutations} picks=[{string.Join(",", Picks)}]";
    }

    private static readonly Gen<Recipe> Recipes =
        Gen.Select(Gen.Int[0, 99], Gen.Int[0, 99], Gen.Int[0, 1_000], Gen.Frequency((3, Gen.Const(0)), (5, Gen.Int[1, 3])), Gen.Int[0, 1_000_000].Array[16],
            (caller, pathRoll, pathPick, mutations, picks) => new Recipe(caller, pathRoll, pathPick, mutations, picks));

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Generated_requests_get_documented_answers_and_refused_ones_change_nothing(string operation)
    {
        var op = Doc[operation];
        if (Environment.GetEnvironmentVariable("FESTA_FUZZ_OPERATION") is { Length: > 0 } only && only != operation)
        {
            Assert.Skip($"FESTA_FUZZ_OPERATION={only}");
        }

        var seed = Environment.GetEnvironmentVariable("FESTA_FUZZ_SEED") is { Length: > 0 } s ? s : DefaultSeed;
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("FESTA_FUZZ_ITERATIONS"), CultureInfo.InvariantCulture, out var n) ? n : DefaultIterations;
        if (Hashing.Contains(op.Id) && iterations == DefaultIterations)
        {
            iterations /= 4; // a valid request hashes a password on purpose (~150 ms on a busy machine, more)
        }
        else if (op.Method == "GET" && iterations == DefaultIterations)
        {
            iterations *= 3; // reads need no state snapshots, and query strings have the most to explore
        }

        // One stream per operation (same seed): operations do not all see the same sequence of recipes.
        var pcg = new PCG(StreamOf(operation), PCG.Parse(seed).Seed);
        var world = await TestWorld.CreateAsync(store.Instance);
        var mutating = op.Method is not ("GET" or "HEAD");
        var before = await world.SnapshotAsync(store.Instance);
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        for (var i = 0; i < iterations && failures.Count < 5; i++)
        {
            var recipe = Recipes.Generate(pcg, null!, out _);
            var (path, body, contentType, token, bytes) = Build(op, recipe, world);
            var where = $"{operation} (FESTA_FUZZ_SEED={seed}, iteration {i}, {recipe}) {Shorten(path)} body={Shorten(body ?? (bytes is null ? "" : $"{bytes.Length} bytes"))} type={contentType}";
            TestResponse response;
            try
            {
                response = await Api.SendAsync(op.Method, path, body, contentType, token, rawBytes: bytes);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The host's exception middleware would answer 500.
                failures.Add($"{where} -> threw {e.GetType().Name}: {e.Message}");
                continue;
            }

            statuses[response.Status] = statuses.GetValueOrDefault(response.Status) + 1;

            if (response.Status >= 500)
            {
                failures.Add($"{where} -> {Shorten(response.ToString())}");
                continue;
            }

            failures.AddRange(op.Disagreements(response).Select(d => $"{where}: {Shorten(d)}"));
            if (!mutating)
            {
                continue;
            }

            if (response.Status >= 400)
            {
                var after = await world.SnapshotAsync(store.Instance);
                if (after != before)
                {
                    failures.Add($"{where} was refused with {response.Status} {response.ProblemCode} but changed state:\n{before}\n---\n{after}");
                }
            }
            else if (Destructive.Contains(op.Id))
            {
                world = await TestWorld.CreateAsync(store.Instance);
                before = await world.SnapshotAsync(store.Instance);
            }
            else
            {
                before = await world.SnapshotAsync(store.Instance);
            }
        }

        if (!mutating)
        {
            Assert.Equal(before, await world.SnapshotAsync(store.Instance));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // The generator reaches both sides of the contract: some requests succeed, and where the operation has
        // client errors other than "no session" and "cross-site" (which OpenApiTests checks for every operation), some are refused.
        var seen = string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"));
        TestContext.Current.TestOutputHelper?.WriteLine($"{operation}: {seen}");
        Assert.True(statuses.Keys.Any(s => s is >= 200 and < 300), $"{operation}: no request succeeded ({seen})");
        Assert.True(!op.HasOwnClientErrors || statuses.Keys.Any(s => s is >= 400 and < 500), $"{operation}: nothing was refused ({seen})");
    }

    private static (string Path, string? Body, string? ContentType, string? Token, byte[]? Bytes) Build(ApiOperation op, Recipe recipe, TestWorld world)
    {
        var valid = recipe.Mutations == 0;
        var token = recipe.Caller switch
        {
            < 15 when !valid => null,
            _ when op.IsPublic && !op.RequiresSession => recipe.Caller < 50 ? null : world.MemberToken,
            < 55 => op.HasOwnForbidden ? world.HostToken : world.MemberToken,
            _ => recipe.Caller < 80 ? world.MemberToken : world.HostToken,
        };

        var id = valid || recipe.PathRoll < 70 ? world.EventFor(op.Id) : PathValues[recipe.PathPick % PathValues.Length];
        var path = op.Path.Replace("{id}", id, StringComparison.Ordinal);
        // Valid values for some documented parameters; a mutated request breaks one of them (so the break is what
        // the answer is about), with an edge value for the parameter's schema or any odd value, repeated or empty.
        var query = new List<string>();
        var parameters = op.Parameters.Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToList();
        var broken = !valid && parameters.Count > 0 ? parameters[recipe.Pick(parameters.Count)] : null;
        foreach (var name in parameters)
        {
            if (name == broken)
            {
                query.Add(name + "=" + (recipe.Pick(10) switch
                {
                    < 6 => EdgeValues(name) is { Length: > 0 } edges ? edges[recipe.Pick(edges.Length)] : QueryValues[recipe.Pick(QueryValues.Length)],
                    < 8 => QueryValues[recipe.Pick(QueryValues.Length)],
                    8 => "",
                    _ => ValidQueryValue(name, recipe) + "&" + name + "=" + ValidQueryValue(name, recipe),
                }));
            }
            else if (recipe.Roll(40))
            {
                query.Add(name + "=" + ValidQueryValue(name, recipe));
            }
        }

        if (!valid && recipe.Roll(20))
        {
            query.Add("unknown" + recipe.Pick(3) + "=" + QueryValues[recipe.Pick(QueryValues.Length)]);
        }

        if (query.Count > 0)
        {
            path += "?" + string.Join('&', query.OrderBy(_ => recipe.Pick(1000)));
        }

        if (op.RequestBody is not { } requestBody)
        {
            return (path, null, null, token, null);
        }

        if (!requestBody.GetProperty("content").TryGetProperty("application/json", out var json))
        {
            // A poster: a real PNG, or bytes that are none of the accepted formats.
            var image = valid || recipe.Roll(50) ? Festa.Functions.Tests.Events.PosterTests.Image("png", 200 + recipe.Pick(2_000)) : RandomBytes(recipe);
            return (path, null, valid || recipe.Roll(70) ? "image/png" : ContentTypes[recipe.Pick(ContentTypes.Length)], token, image);
        }

        var examples = Doc.ExamplesOf(json).ToList();
        var node = JsonNode.Parse(Live(examples[recipe.Pick(examples.Count)].Value.GetRawText(), op, world));
        for (var m = 0; m < recipe.Mutations; m++)
        {
            node = Mutate(node, recipe);
        }

        var body = node?.ToJsonString() ?? "null";
        foreach (var raw in new[] { "1e400", "123456789012345678901234567890", "-0", "1.0" })
        {
            body = body.Replace($"\"{RawMarker}{raw}\"", raw, StringComparison.Ordinal);
        }

        var contentType = valid || recipe.Roll(85) ? "application/json" : ContentTypes[recipe.Pick(ContentTypes.Length)];
        return (path, body, contentType, token, null);
    }

    /// <summary>Values at or just past the edges of a parameter's documented schema.</summary>
    private static string[] EdgeValues(string name) => name switch
    {
        "limit" => ["0", "1", "100", "101", "-1", "2147483648", "1.0", "1e1", "%2B1", "01"],
        "category" => ["Concert", "CONCERT", "exhibition,festival", "exhibition%2C%20festival", "3", "%20concert", "concert%00"],
        "from" or "to" => ["9999-12-31T23:59:59.9999999Z", "0001-01-01T00:00:00Z", "2100-01-01T00:00:00Z", "2099-12-31T23:59:59.9999999Z",
            "1999-12-31T23:59:59Z", "2099-12-31T23:59:59-23:59", "2030-01-01T00:00:00", "2030-01-01", "%202030-01-01T00:00:00Z"],
        "cursor" => [Base64Url.EncodeToString("pool.0"u8), Base64Url.EncodeToString("signup.ABCD"u8), Base64Url.EncodeToString("event"u8),
            Base64Url.EncodeToString("9999999999999999999.7d3c5b2a9e1f4c6b8a0d2e4f6a8b0c1d"u8), Base64Url.EncodeToString("signup.zzzz"u8), "AAAA", "A", "%3D"],
        "city" or "district" => [new string('a', 51), "Cafe%CC%81", "%0A", "%E2%80%A8", "%EF%BF%BE"],
        _ => [],
    };

    private static string ValidQueryValue(string name, Recipe recipe) => name switch
    {
        "limit" => (1 + recipe.Pick(100)).ToString(CultureInfo.InvariantCulture),
        "category" => new[] { "concert", "exhibition", "festival", "sports", "conference", "workshop", "other" }[recipe.Pick(7)],
        "city" => new[] { "Seoul", "seoul", "Busan", "Caf%C3%A9" }[recipe.Pick(4)],
        "district" => new[] { "Mapo-gu", "jung-gu" }[recipe.Pick(2)],
        "from" or "to" => Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(recipe.Pick(3_000) * (name == "from" ? 1 : 2)).ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture)),
        _ => "",
    };

    /// <summary>One mutation of a JSON body: a member removed, added, or given an odd value; or the body replaced.</summary>
    private static JsonNode? Mutate(JsonNode? node, Recipe recipe)
    {
        if (node is not JsonObject body || recipe.Roll(5))
        {
            return OddValues[recipe.Pick(OddValues.Length)]();
        }

        var targets = Objects(body).ToList();
        var target = targets[recipe.Pick(targets.Count)];
        var names = target.Select(p => p.Key).ToList();
        switch (recipe.Pick(4))
        {
            case 0 when names.Count > 0:
                target.Remove(names[recipe.Pick(names.Count)]);
                break;
            case 1:
                target["isAdmin" + recipe.Pick(3)] = OddValues[recipe.Pick(OddValues.Length)]();
                break;
            default:
                if (names.Count > 0)
                {
                    target[names[recipe.Pick(names.Count)]] = OddValues[recipe.Pick(OddValues.Length)]();
                }

                break;
        }

        return body;
    }

    private static IEnumerable<JsonObject> Objects(JsonObject node) =>
        new[] { node }.Concat(node.Select(p => p.Value).OfType<JsonObject>().SelectMany(Objects));

    private const string RawMarker = "\u0001raw:";

    /// <summary>A number JsonNode cannot hold (1e400) is written as a marker string and put back raw.</summary>
    private static JsonNode Raw(string number) => JsonValue.Create(RawMarker + number);

    private static byte[] RandomBytes(Recipe recipe) => Enumerable.Range(0, 16 + recipe.Pick(64)).Select(_ => (byte)recipe.Pick(256)).ToArray();

    /// <summary>The example with the world's ids and passwords, new user ids for sign-ups, and dates moved to the future.</summary>
    private static string Live(string example, ApiOperation op, TestWorld world)
    {
        var node = JsonNode.Parse(example)!;
        foreach (var value in Strings(node).ToList())
        {
            var text = value.GetValue<string>();
            string? replacement = text switch
            {
                _ when op.Id == "signUp" && ExampleMembers.Contains(text) => Seed.NewUserId(),
                _ when ExampleMembers.Contains(text) => world.MemberId,
                _ when ExamplePasswords.Contains(text) => Festa.TestSupport.Seed.Password,
                ExampleEventId => world.EventId,
                _ when DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) =>
                    at.AddYears(Math.Max(0, DateTimeOffset.UtcNow.Year + 1 - at.Year)).ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
                _ => null,
            };
            if (replacement is not null)
            {
                value.ReplaceWith(JsonValue.Create(replacement));
            }
        }

        return node.ToJsonString();
    }

    private static IEnumerable<JsonValue> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v],
        _ => [],
    };

    private static uint StreamOf(string operation) =>
        BitConverter.ToUInt32(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(operation)));

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
