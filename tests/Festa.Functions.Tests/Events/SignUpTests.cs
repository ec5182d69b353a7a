using Festa.Core.Members;
using Festa.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Festa.Functions.Tests.Events;

public sealed class SignUpTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    private Festa.TestSupport.Http.FestaClient Api => store.Instance.Client;

    [Fact]
    public async Task Sign_up_takes_a_seat_once_and_cancelling_gives_it_back()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var (_, member) = await store.Instance.SignedInMemberAsync();
        var id = await Api.CreateEventAsync(host, Requests.Event(capacity: 2));

        var first = await Api.PostAsync($"/api/events/{id}/signups", token: member);
        var again = await Api.PostAsync($"/api/events/{id}/signups", token: member);

        Assert.Equal(201, first.Status);
        Assert.Equal($"/api/events/{id}/signups/me", first.Header("Location"));
        Assert.Equal(409, again.Status);
        Assert.Equal("already-signed-up", again.ProblemCode);
        var seen = await Api.GetAsync($"/api/events/{id}", member);
        Assert.Equal(1, seen.Json.GetProperty("seatsTaken").GetInt32());
        Assert.True(seen.Json.GetProperty("signedUp").GetBoolean());

        Assert.Equal(204, (await Api.DeleteAsync($"/api/events/{id}/signups/me", member)).Status);
        var twice = await Api.DeleteAsync($"/api/events/{id}/signups/me", member);
        Assert.Equal(404, twice.Status);
        Assert.Equal("not-signed-up", twice.ProblemCode);
        Assert.Equal(0, await Api.SeatsTakenAsync(id, member));
        Assert.Equal(201, (await Api.PostAsync($"/api/events/{id}/signups", token: member)).Status);
    }

    [Fact]
    public async Task A_full_event_refuses_with_its_own_problem_type_and_unknown_events_are_404()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var (_, first) = await store.Instance.SignedInMemberAsync();
        var (_, second) = await store.Instance.SignedInMemberAsync();
        var id = await Api.CreateEventAsync(host, Requests.Event(capacity: 1));

        Assert.Equal(201, (await Api.PostAsync($"/api/events/{id}/signups", token: first)).Status);
        var full = await Api.PostAsync($"/api/events/{id}/signups", token: second);
        var unknown = await Api.PostAsync($"/api/events/{Guid.NewGuid():N}/signups", token: second);
        var malformed = await Api.PostAsync("/api/events/not-an-id/signups", token: second);

        Assert.Equal(409, full.Status);
        Assert.Equal("event-full", full.ProblemCode);
        Assert.Equal("event-not-found", unknown.ProblemCode);
        Assert.Equal(404, malformed.Status);
    }

    [Fact]
    public async Task Once_the_event_has_started_seats_can_neither_be_taken_nor_given_back()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var instance = await store.StartInstanceAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var (_, host) = await instance.SignedInMemberAsync(Role.Host);
        var (_, early) = await instance.SignedInMemberAsync();
        var (_, late) = await instance.SignedInMemberAsync();
        var id = await instance.Client.CreateEventAsync(host, Requests.Event(startsAt: clock.GetUtcNow().AddMinutes(20)));
        Assert.Equal(201, (await instance.Client.PostAsync($"/api/events/{id}/signups", token: early)).Status);

        clock.Advance(TimeSpan.FromMinutes(21));

        Assert.Equal("event-started", (await instance.Client.PostAsync($"/api/events/{id}/signups", token: late)).ProblemCode);
        Assert.Equal("event-started", (await instance.Client.DeleteAsync($"/api/events/{id}/signups/me", early)).ProblemCode);
    }

    [Fact]
    public async Task The_host_pages_through_participants_with_their_names_and_regions()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var id = await Api.CreateEventAsync(host, Requests.Event(capacity: 10));
        var expected = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            var (member, token) = await store.Instance.SignedInMemberAsync(region: new Region("Busan", "Suyeong-gu"));
            Assert.Equal(201, (await Api.PostAsync($"/api/events/{id}/signups", token: token)).Status);
            expected.Add(member.UserId.Value);
        }

        var seen = new List<string>();
        foreach (var p in await Api.AllPagesAsync($"/api/events/{id}/signups?limit=2", host))
        {
            seen.Add(p.GetProperty("userId").GetString()!);
            Assert.Equal("Seeded Member", p.GetProperty("name").GetString());
            Assert.Equal("Busan", p.GetProperty("region").GetProperty("city").GetString());
            Assert.True(p.GetProperty("signedUpAt").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
        }

        Assert.Equal(expected.Order(), seen.Order());
        Assert.Equal(400, (await Api.GetAsync($"/api/events/{id}/signups?cursor=%%%", host)).Status);
    }

    [Fact]
    public async Task My_sign_ups_list_upcoming_events_soonest_first()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var (_, member) = await store.Instance.SignedInMemberAsync();
        var later = await Api.CreateEventAsync(host, Requests.Event(title: "Later", startsAt: DateTimeOffset.UtcNow.AddDays(20)));
        var sooner = await Api.CreateEventAsync(host, Requests.Event(title: "Sooner", startsAt: DateTimeOffset.UtcNow.AddDays(2)));
        var cancelled = await Api.CreateEventAsync(host, Requests.Event(title: "Cancelled", startsAt: DateTimeOffset.UtcNow.AddDays(5)));
        foreach (var id in new[] { later, sooner, cancelled })
        {
            Assert.Equal(201, (await Api.PostAsync($"/api/events/{id}/signups", token: member)).Status);
        }

        Assert.Equal(204, (await Api.DeleteAsync($"/api/events/{cancelled}/signups/me", member)).Status);
        var mine = await Api.GetAsync("/api/members/me/signups", member);

        Assert.Equal(200, mine.Status);
        Assert.Equal([sooner, later], mine.Json.EnumerateArray().Select(s => s.GetProperty("event").GetProperty("id").GetString()!).ToArray());
    }

    [Fact]
    public async Task Withdrawing_frees_the_members_seats()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var userId = await Api.SignUpAsync();
        var token = await Api.LoginAsync(userId);
        var id = await Api.CreateEventAsync(host, Requests.Event(capacity: 1));
        Assert.Equal(201, (await Api.PostAsync($"/api/events/{id}/signups", token: token)).Status);

        Assert.Equal(204, (await Api.WithdrawAsync(token)).Status);

        Assert.Equal(0, await Api.SeatsTakenAsync(id, host));
    }
}
