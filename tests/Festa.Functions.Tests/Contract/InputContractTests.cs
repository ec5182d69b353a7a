using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Festa.Core.Members;
using Festa.TestSupport;
using Festa.TestSupport.Http;

namespace Festa.Functions.Tests.Contract;

/// <summary>
/// The strict input contract (docs/api.md, "Input rules"), one test per kind of input, each starting from the
/// example in issue 15 that once got through (or crashed), then the rest of the kind.
/// </summary>
public sealed class InputContractTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    private FestaClient Api => store.Instance.Client;

    private static string Body(Action<JsonObject> change)
    {
        var body = JsonSerializer.SerializeToNode(Requests.Event(title: "Contract " + Guid.NewGuid().ToString("N")[..8]))!.AsObject();
        change(body);
        return body.ToJsonString();
    }

    [Theory]
    [InlineData("exhibition, festival")] // the example: flags-style parsing made it "sports"
    [InlineData("exhibition,festival")]
    [InlineData("1")]
    [InlineData("Concert")]
    [InlineData("CONCERT")]
    [InlineData(" concert")]
    [InlineData("concert ")]
    [InlineData("")]
    public async Task Enums_in_bodies_are_only_the_documented_names(string category)
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);

        var response = await Api.SendAsync("POST", "/api/events", Body(b => b["category"] = category), token: host);

        Assert.True(response.Status == 400 && response.ProblemCode == "malformed-json", response.ToString());
        Assert.Contains("concert, exhibition", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enums_as_json_numbers_are_refused_and_every_documented_name_is_stored_as_sent()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        Assert.Equal(400, (await Api.SendAsync("POST", "/api/events", Body(b => b["category"] = 3), token: host)).Status);
        Assert.Equal(400, (await Api.SendAsync("POST", "/api/members", JsonSerializer.Serialize(Requests.SignUp(Seed.NewUserId(), role: "Host")))).Status);

        foreach (var name in new[] { "concert", "exhibition", "festival", "sports", "conference", "workshop", "other" })
        {
            var created = await Api.SendAsync("POST", "/api/events", Body(b => b["category"] = name), token: host);
            Assert.True(created.Status == 201, created.ToString());
            Assert.Equal(name, created.Json.GetProperty("category").GetString());
        }
    }

    [Theory]
    [InlineData("exhibition,festival")]
    [InlineData("exhibition%2C%20festival")]
    [InlineData("3")]
    [InlineData("Sports")]
    public async Task Enums_in_query_strings_are_only_the_documented_names(string category)
    {
        var (_, reader) = await store.Instance.SignedInMemberAsync();

        var response = await Api.GetAsync("/api/events?category=" + category, reader);

        Assert.True(response.Status == 400 && response.ProblemCode == "validation", response.ToString());
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("category", out _), response.ToString());
    }

    [Theory]
    [InlineData("\"12\"")] // the example: the web defaults read numbers from strings
    [InlineData("12.0")]
    [InlineData("1.5")]
    [InlineData("1e1")]
    [InlineData("true")]
    [InlineData("99999999999999999999")]
    [InlineData("null")]
    public async Task Numbers_are_json_integers_only(string capacity)
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var body = Body(b => b["capacity"] = 0).Replace("\"capacity\":0", "\"capacity\":" + capacity, StringComparison.Ordinal);

        var response = await Api.SendAsync("POST", "/api/events", body, token: host);

        Assert.True(response.Status == 400, response.ToString());
        Assert.Contains(response.ProblemCode, new[] { "malformed-json", "validation" });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100_001)]
    public async Task Numbers_out_of_range_are_validation_errors_naming_the_field(int capacity)
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);

        var response = await Api.SendAsync("POST", "/api/events", Body(b => b["capacity"] = capacity), token: host);

        Assert.True(response.Status == 400 && response.ProblemCode == "validation", response.ToString());
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("capacity", out _));
    }

    [Theory]
    [InlineData("application/json; charset=\"utf-8\"")] // the example: a quoted parameter value is valid HTTP
    [InlineData("application/json;charset=UTF-8")]
    [InlineData("application/json ; charset = utf-8")]
    [InlineData("APPLICATION/JSON")]
    [InlineData("application/merge-patch+json; charset=\"UTF-8\"")]
    [InlineData("application/json; version=\"1; two\"")]
    public async Task Media_types_are_parsed_per_RFC_9110(string contentType)
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);

        var response = await Api.SendAsync("POST", "/api/events", Body(_ => { }), contentType, host);

        Assert.True(response.Status == 201, $"{contentType}: {response}");
    }

    [Theory]
    [InlineData("application/json; charset=\"latin1\"")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("text/json")]
    [InlineData("application/jsonx")]
    [InlineData("application/json; charset=\"utf-8")]
    [InlineData("application/json, text/plain")]
    public async Task Other_media_types_are_415(string contentType)
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);

        var response = await Api.SendAsync("POST", "/api/events", Body(_ => { }), contentType, host);

        Assert.True(response.Status == 415 && response.ProblemCode == "unsupported-media-type", $"{contentType}: {response}");
    }

    [Theory]
    [InlineData("to=9999-12-31T23:59:59.9999999Z")] // the example: to + 1 tick overflowed in both stores
    [InlineData("from=9999-12-31T23:59:59.9999999Z")]
    [InlineData("to=0001-01-01T00:00:00Z")]
    [InlineData("from=1999-12-31T23:59:59Z")]
    [InlineData("to=2100-01-01T00:00:00Z")]
    [InlineData("to=2099-12-31T23:00:00-01:00")]
    [InlineData("from=2031-01-01T00:00:00Z&to=2030-01-01T00:00:00Z")]
    [InlineData("to=2030-01-01")]
    [InlineData("to=%202030-01-01T00:00:00Z")]
    public async Task Listing_dates_outside_the_window_or_reversed_are_400(string query)
    {
        var (_, reader) = await store.Instance.SignedInMemberAsync();

        var response = await Api.GetAsync("/api/events?" + query, reader);

        Assert.True(response.Status == 400 && response.ProblemCode == "validation", $"{query}: {response}");
    }

    [Theory]
    [InlineData("to=2099-12-31T23:59:59.9999999Z")]
    [InlineData("from=2000-01-01T00:00:00Z&to=2000-01-01T00:00:00Z")]
    [InlineData("from=2099-12-31T22:00:00-01:00")]
    public async Task Listing_dates_at_the_edges_of_the_window_are_answered(string query)
    {
        var (_, reader) = await store.Instance.SignedInMemberAsync();

        var response = await Api.GetAsync("/api/events?" + query, reader);

        Assert.True(response.Status == 200, $"{query}: {response}");
    }

    [Theory]
    [InlineData("2100-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("2030-01-01T00:00:00")]
    public async Task Body_dates_outside_the_window_are_400(string startsAt)
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);

        var response = await Api.SendAsync("POST", "/api/events", Body(b => b["startsAt"] = startsAt), token: host);

        Assert.True(response.Status == 400 && response.ProblemCode == "malformed-json", response.ToString());
    }

    [Theory]
    [InlineData("pool.0")] // the example: decodes between the event's other rows and the sign-ups
    [InlineData("event")]
    [InlineData("a")]
    [InlineData("signup.")]
    [InlineData("signup/zzzz")]
    [InlineData("signup.ABCD")]
    [InlineData("signup.abcd/")]
    [InlineData("0638000000000000000.7d3c5b2a9e1f4c6b8a0d2e4f6a8b0c1d")]
    public async Task Participant_cursors_that_are_not_sign_up_keys_are_invalid_cursor(string key)
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var (_, member) = await store.Instance.SignedInMemberAsync();
        var id = await Api.CreateEventAsync(host);
        Assert.Equal(201, (await Api.PostAsync($"/api/events/{id}/signups", token: member)).Status);

        var response = await Api.GetAsync($"/api/events/{id}/signups?cursor={Base64Url.EncodeToString(Encoding.UTF8.GetBytes(key))}", host);

        Assert.True(response.Status == 400 && response.ProblemCode == "invalid-cursor", $"{key}: {response}");
    }

    [Fact]
    public async Task Cursors_page_only_the_list_that_returned_them()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var id = await Api.CreateEventAsync(host);
        for (var i = 0; i < 3; i++)
        {
            var (_, member) = await store.Instance.SignedInMemberAsync();
            Assert.Equal(201, (await Api.PostAsync($"/api/events/{id}/signups", token: member)).Status);
        }

        var first = await Api.GetAsync($"/api/events/{id}/signups?limit=1", host);
        var participantsCursor = first.Json.GetProperty("nextCursor").GetString()!;
        var next = await Api.GetAsync($"/api/events/{id}/signups?limit=1&cursor={participantsCursor}", host);
        Assert.Equal(200, next.Status);

        // The same cursor on other lists, edited, padded or empty.
        foreach (var (path, cursor) in new[]
                 {
                     ("/api/events", participantsCursor),
                     ("/api/members/me/notifications", participantsCursor),
                     ($"/api/events/{id}/signups", participantsCursor + "A"),
                     ($"/api/events/{id}/signups", participantsCursor + "="),
                     ($"/api/events/{id}/signups", participantsCursor[..^1]),
                     ($"/api/events/{id}/signups", "%F0%9F%98%80"),
                     ($"/api/events/{id}/signups", Base64Url.EncodeToString([0xC3, 0x28])),
                 })
        {
            var response = await Api.GetAsync($"{path}?cursor={cursor}", host);
            Assert.True(response.Status == 400 && response.ProblemCode == "invalid-cursor", $"{path} {cursor}: {response}");
        }
    }

    [Theory]
    [InlineData("/api/events?limit=1&limit=2", "limit")]
    [InlineData("/api/events?limit=", "limit")]
    [InlineData("/api/events?category=concert&Category=sports", "category")]
    [InlineData("/api/events?city=", "city")]
    [InlineData("/api/events?cursor=", "cursor")]
    [InlineData("/api/events/recommended?limit=5&limit=5", "limit")]
    [InlineData("/api/members/me/notifications?cursor=&limit=3", "cursor")]
    public async Task Query_parameters_given_twice_or_empty_are_400_naming_them(string path, string parameter)
    {
        var (_, reader) = await store.Instance.SignedInMemberAsync();

        var response = await Api.GetAsync(path, reader);

        Assert.True(response.Status == 400 && response.ProblemCode == "validation", response.ToString());
        Assert.True(response.Json.GetProperty("errors").TryGetProperty(parameter, out _), response.ToString());
    }

    [Theory]
    [InlineData("/api/events?utm_source=mail&_=1700000000")]
    [InlineData("/api/members/me?x=1&x=2")]
    public async Task Parameters_a_route_does_not_read_are_ignored(string path)
    {
        var (_, reader) = await store.Instance.SignedInMemberAsync();

        Assert.Equal(200, (await Api.GetAsync(path, reader)).Status);
    }

    [Theory]
    [InlineData("\u212Aelvin")] // KELVIN SIGN lower-cases to ASCII 'k'
    [InlineData("\u0130stanbul")] // I WITH DOT ABOVE
    [InlineData("ſtraße")]
    [InlineData("ｆｕｌｌｗｉｄｔｈ")]
    [InlineData("ana\u200Bk")]
    public async Task User_ids_are_ascii_before_any_case_folding(string userId)
    {
        var response = await Api.PostAsync("/api/members", Requests.SignUp(userId));

        Assert.True(response.Status == 400 && response.ProblemCode == "validation", response.ToString());
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("userId", out _), response.ToString());
    }

    [Fact]
    public async Task Compared_text_is_NFC_so_composed_and_decomposed_forms_are_one_value()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var (_, reader) = await store.Instance.SignedInMemberAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var composed = "Caf\u00e9 " + tag;
        var decomposed = "Cafe\u0301 " + tag;
        var start = DateTimeOffset.UtcNow.AddDays(20);

        var created = await Api.PostAsync("/api/events", Requests.Event(title: decomposed, startsAt: start, city: decomposed), host);
        Assert.True(created.Status == 201, created.ToString());
        Assert.Equal(composed, created.Json.GetProperty("title").GetString());
        Assert.Equal(composed, created.Json.GetProperty("location").GetProperty("city").GetString());

        var duplicate = await Api.PostAsync("/api/events", Requests.Event(title: composed, startsAt: start), host);
        Assert.True(duplicate.Status == 409 && duplicate.ProblemCode == "duplicate-event", duplicate.ToString());

        var listed = await Api.GetAsync("/api/events?city=" + Uri.EscapeDataString(decomposed), reader);
        Assert.Equal([created.Json.GetProperty("id").GetString()], listed.Json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("title", "Jazz\u0007night")]
    [InlineData("title", "Jazz\u0085night")]
    [InlineData("title", "Jazz\u2028night")]
    [InlineData("title", "Jazz\uFFFEnight")]
    public async Task Control_characters_in_single_line_text_are_refused(string field, string value)
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);

        var response = await Api.SendAsync("POST", "/api/events", Body(b => b[field] = value), token: host);

        Assert.True(response.Status == 400 && response.ProblemCode == "validation", response.ToString());
        Assert.True(response.Json.GetProperty("errors").TryGetProperty(field, out _), response.ToString());
    }
}
