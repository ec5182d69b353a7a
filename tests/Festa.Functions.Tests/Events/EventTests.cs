using Festa.Core.Members;
using Festa.TestSupport;

namespace Festa.Functions.Tests.Events;

public sealed class EventTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    private Festa.TestSupport.Http.FestaClient Api => store.Instance.Client;

    [Fact]
    public async Task A_host_publishes_an_event_and_members_see_it_with_its_seats()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var (_, member) = await store.Instance.SignedInMemberAsync();

        var created = await Api.PostAsync("/api/events", Requests.Event(title: "River jazz", capacity: 50), host);

        Assert.Equal(201, created.Status);
        var id = created.Json.GetProperty("id").GetString()!;
        Assert.Equal($"/api/events/{id}", created.Header("Location"));
        var seen = await Api.GetAsync($"/api/events/{id}", member);
        Assert.Equal(200, seen.Status);
        Assert.Equal("River jazz", seen.Json.GetProperty("title").GetString());
        Assert.Equal("concert", seen.Json.GetProperty("category").GetString());
        Assert.Equal(0, seen.Json.GetProperty("seatsTaken").GetInt32());
        Assert.Equal(50, seen.Json.GetProperty("seatsLeft").GetInt32());
        Assert.False(seen.Json.GetProperty("signedUp").GetBoolean());
        Assert.EndsWith("Z", seen.Json.GetProperty("startsAt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_cannot_publish_and_invalid_events_list_every_problem()
    {
        var (_, member) = await store.Instance.SignedInMemberAsync();
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);

        var byMember = await Api.PostAsync("/api/events", Requests.Event(), member);
        var invalid = await Api.PostAsync("/api/events", new
        {
            title = " ",
            category = "concert",
            startsAt = DateTimeOffset.UtcNow.AddDays(-1),
            endsAt = DateTimeOffset.UtcNow.AddDays(-2),
            capacity = 100_001,
            location = new { city = "Seoul", district = "", address = "x" },
        }, host);
        var badCategory = await Api.PostAsync("/api/events", Requests.Event(category: "rave"), host);
        var anonymous = await Api.PostAsync("/api/events", Requests.Event());

        Assert.Equal(403, byMember.Status);
        Assert.Equal("host-role-required", byMember.ProblemCode);
        Assert.Equal(400, invalid.Status);
        var errors = invalid.Json.GetProperty("errors");
        foreach (var field in new[] { "title", "startsAt", "endsAt", "capacity", "location.district" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        Assert.Equal(400, badCategory.Status);
        Assert.Equal(401, anonymous.Status);
    }

    [Fact]
    public async Task The_same_title_at_the_same_start_by_the_same_host_is_a_conflict()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var (_, otherHost) = await store.Instance.SignedInMemberAsync(Role.Host);
        var start = DateTimeOffset.UtcNow.AddDays(3);

        Assert.Equal(201, (await Api.PostAsync("/api/events", Requests.Event("Open mic", startsAt: start), host)).Status);
        var again = await Api.PostAsync("/api/events", Requests.Event("OPEN MIC", startsAt: start), host);
        var laterStart = await Api.PostAsync("/api/events", Requests.Event("Open mic", startsAt: start.AddHours(1)), host);
        var otherHosts = await Api.PostAsync("/api/events", Requests.Event("Open mic", startsAt: start), otherHost);

        Assert.Equal(409, again.Status);
        Assert.Equal("duplicate-event", again.ProblemCode);
        Assert.Equal(201, laterStart.Status);
        Assert.Equal(201, otherHosts.Status);
    }

    [Fact]
    public async Task Only_the_owner_changes_deletes_or_reads_the_participants()
    {
        var (_, owner) = await store.Instance.SignedInMemberAsync(Role.Host);
        var (_, otherHost) = await store.Instance.SignedInMemberAsync(Role.Host);
        var (_, member) = await store.Instance.SignedInMemberAsync();
        var id = await Api.CreateEventAsync(owner);

        foreach (var intruder in new[] { otherHost, member })
        {
            Assert.Equal("not-event-owner", (await Api.PatchAsync($"/api/events/{id}", new { title = "Mine now" }, intruder)).ProblemCode);
            Assert.Equal("not-event-owner", (await Api.DeleteAsync($"/api/events/{id}", intruder)).ProblemCode);
            Assert.Equal("not-event-owner", (await Api.GetAsync($"/api/events/{id}/signups", intruder)).ProblemCode);
        }

        var patched = await Api.PatchAsync($"/api/events/{id}", new { title = "Renamed", capacity = 3 }, owner);
        Assert.Equal(200, patched.Status);
        Assert.Equal("Renamed", (await Api.GetAsync($"/api/events/{id}", member)).Json.GetProperty("title").GetString());
        Assert.Equal(3, (await Api.GetAsync($"/api/events/{id}", member)).Json.GetProperty("capacity").GetInt32());
    }

    [Fact]
    public async Task Capacity_cannot_drop_below_the_seats_taken_but_may_grow_and_shrink_to_it()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var id = await Api.CreateEventAsync(host, Requests.Event(title: "Small room", capacity: 5));
        var members = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (_, token) = await store.Instance.SignedInMemberAsync();
            Assert.Equal(201, (await Api.PostAsync($"/api/events/{id}/signups", token: token)).Status);
            members.Add(token);
        }

        var tooSmall = await Api.PatchAsync($"/api/events/{id}", new { capacity = 2 }, host);
        Assert.Equal(409, tooSmall.Status);
        Assert.Equal("capacity-below-seats-taken", tooSmall.ProblemCode);

        Assert.Equal(200, (await Api.PatchAsync($"/api/events/{id}", new { capacity = 3 }, host)).Status);
        var (_, late) = await store.Instance.SignedInMemberAsync();
        Assert.Equal("event-full", (await Api.PostAsync($"/api/events/{id}/signups", token: late)).ProblemCode);

        Assert.Equal(200, (await Api.PatchAsync($"/api/events/{id}", new { capacity = 40 }, host)).Status);
        Assert.Equal(201, (await Api.PostAsync($"/api/events/{id}/signups", token: late)).Status);
        var after = await Api.GetAsync($"/api/events/{id}", late);
        Assert.Equal(4, after.Json.GetProperty("seatsTaken").GetInt32());
        Assert.Equal(36, after.Json.GetProperty("seatsLeft").GetInt32());
    }

    [Fact]
    public async Task Patch_validates_like_create_and_null_cannot_clear_required_fields()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var id = await Api.CreateEventAsync(host);

        Assert.Equal(400, (await Api.PatchAsync($"/api/events/{id}", new { endsAt = DateTimeOffset.UtcNow.AddDays(-30) }, host)).Status);
        Assert.Equal(400, (await Api.PatchAsync($"/api/events/{id}", new { capacity = (int?)null }, host)).Status);
        Assert.Equal(400, (await Api.PatchAsync($"/api/events/{id}", new { title = (string?)null }, host)).Status);
        Assert.Equal(400, (await Api.PatchAsync($"/api/events/{id}", new { hostId = "someone" }, host)).Status);
    }

    [Fact]
    public async Task A_deleted_event_disappears_with_its_sign_ups_from_every_list()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var (_, member) = await store.Instance.SignedInMemberAsync();
        var title = "Vanishing " + Guid.NewGuid().ToString("N")[..6];
        var start = DateTimeOffset.UtcNow.AddDays(9);
        var id = await Api.CreateEventAsync(host, Requests.Event(title: title, category: "workshop", startsAt: start));
        Assert.Equal(201, (await Api.PostAsync($"/api/events/{id}/signups", token: member)).Status);
        Assert.Contains(id, (await Api.GetAsync("/api/members/me/signups", member)).Body, StringComparison.Ordinal);

        Assert.Equal(204, (await Api.DeleteAsync($"/api/events/{id}", host)).Status);

        Assert.Equal(404, (await Api.GetAsync($"/api/events/{id}", member)).Status);
        Assert.Equal("[]", (await Api.GetAsync("/api/members/me/signups", member)).Body);
        Assert.DoesNotContain(id, (await Api.GetAsync("/api/events?category=workshop&limit=100", member)).Body, StringComparison.Ordinal);
        Assert.Equal(404, (await Api.PostAsync($"/api/events/{id}/signups", token: member)).Status);
        Assert.Equal(404, (await Api.DeleteAsync($"/api/events/{id}", host)).Status);
        // The title is free again.
        Assert.Equal(201, (await Api.PostAsync("/api/events", Requests.Event(title: title, category: "workshop", startsAt: start), host)).Status);
    }
}
