using Festa.Core.Members;
using Festa.Core.Members.Withdraw;
using Festa.Core.Notifications;
using Festa.TestSupport;
using Festa.TestSupport.Http;

namespace Festa.Functions.Tests.Events;

/// <summary>The waiting list and the sign-up window through the real functions (Table Storage on Azurite), every route and error.</summary>
public sealed class WaitlistTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    private FestaClient Api => store.Instance.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A host, an event of <paramref name="capacity"/> seats filled by other members, and the host's token.</summary>
    private async Task<(string EventId, string Host)> FullEventAsync(int capacity = 1, object? details = null)
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var id = await Api.CreateEventAsync(host, details ?? Requests.Event(title: "Event " + Guid.NewGuid().ToString("N")[..8], capacity: capacity));
        for (var i = 0; i < capacity; i++)
        {
            var (_, token) = await store.Instance.SignedInMemberAsync();
            Assert.Equal(201, (await Api.PostAsync($"/api/events/{id}/signups", token: token)).Status);
        }

        return (id, host);
    }

    private async Task<(Member Member, string Token, TestResponse Joined)> WaitingMemberAsync(string id)
    {
        var (member, token) = await store.Instance.SignedInMemberAsync();
        return (member, token, await Api.PostAsync($"/api/events/{id}/waitlist", token: token));
    }

    [Fact]
    public async Task Joining_a_full_event_gives_dense_positions_in_arrival_order()
    {
        var (id, host) = await FullEventAsync();

        var first = await WaitingMemberAsync(id);
        var second = await WaitingMemberAsync(id);

        Assert.Equal(201, first.Joined.Status);
        Assert.Equal(1, first.Joined.Json.GetProperty("position").GetInt32());
        Assert.Equal(first.Member.UserId.Value, first.Joined.Json.GetProperty("userId").GetString());
        Assert.Equal($"/api/events/{id}/waitlist/me", first.Joined.Header("Location"));
        Assert.Equal(2, second.Joined.Json.GetProperty("position").GetInt32());
        var page = await Api.GetAsync($"/api/events/{id}", second.Token);
        Assert.Equal(2, page.Json.GetProperty("waitlistLength").GetInt32());
        var mine = await Api.GetAsync($"/api/events/{id}/waitlist/me", second.Token);
        Assert.Equal(200, mine.Status);
        Assert.Equal(2, mine.Json.GetProperty("position").GetInt32());
    }

    [Fact]
    public async Task An_event_from_before_waiting_lists_gets_one_list_when_members_on_several_instances_join_at_once()
    {
        // The event as the version without waiting lists left it: no list-state row ("event.wl.{version}") in its partition.
        var (id, _) = await FullEventAsync();
        var events = store.Instance.Get<Festa.AzureStorage.Tables.FestaTables>().Events;
        async Task<List<Azure.Data.Tables.TableEntity>> StateRowsAsync() =>
            await events.QueryAsync<Azure.Data.Tables.TableEntity>($"PartitionKey eq '{id}' and RowKey ge 'event.wl.' and RowKey lt 'event.wl/'",
                cancellationToken: Ct).ToListAsync(Ct);
        foreach (var row in await StateRowsAsync())
        {
            await events.DeleteEntityAsync(row, Azure.ETag.All, Ct);
        }

        Assert.Empty(await StateRowsAsync());
        var instances = new[] { store.Instance, await store.StartInstanceAsync(), await store.StartInstanceAsync() };
        var members = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => store.Instance.SignedInMemberAsync()));

        var joined = await Task.WhenAll(members.Select((m, i) =>
            instances[i % instances.Length].Client.PostAsync($"/api/events/{id}/waitlist", token: m.Token)));

        Assert.All(joined, j => Assert.True(j.Status == 201, j.ToString()));
        Assert.Equal(Enumerable.Range(1, 6), joined.Select(j => j.Json.GetProperty("position").GetInt32()).Order());
        var state = Assert.Single(await StateRowsAsync());
        Assert.Equal(6, state.GetInt32("Length"));
        Assert.Equal(6, (await Api.GetAsync($"/api/events/{id}", members[0].Token)).Json.GetProperty("waitlistLength").GetInt32());
    }

    [Fact]
    public async Task Joining_is_refused_with_seats_free_twice_or_when_signed_up()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var open = await Api.CreateEventAsync(host, Requests.Event(title: "Open " + Guid.NewGuid().ToString("N")[..8], capacity: 2));
        var (_, token) = await store.Instance.SignedInMemberAsync();
        Assert.Equal("seats-available", (await Api.PostAsync($"/api/events/{open}/waitlist", token: token)).ProblemCode);

        var (id, _) = await FullEventAsync();
        var waiting = await WaitingMemberAsync(id);
        Assert.Equal("already-waitlisted", (await Api.PostAsync($"/api/events/{id}/waitlist", token: waiting.Token)).ProblemCode);

        Assert.Equal(201, (await Api.PostAsync($"/api/events/{open}/signups", token: token)).Status);
        Assert.Equal(201, (await Api.PostAsync($"/api/events/{open}/signups", token: (await store.Instance.SignedInMemberAsync()).Token)).Status);
        var refused = await Api.PostAsync($"/api/events/{open}/waitlist", token: token);
        Assert.Equal((409, "already-signed-up"), (refused.Status, refused.ProblemCode));
        Assert.Equal("event-not-found", (await Api.PostAsync("/api/events/00000000000000000000000000000000/waitlist", token: token)).ProblemCode);
    }

    [Fact]
    public async Task A_full_waiting_list_refuses_more()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var start = DateTimeOffset.UtcNow.AddDays(7);
        var id = await Api.CreateEventAsync(host, new
        {
            title = "Tiny " + Guid.NewGuid().ToString("N")[..8], category = "concert", startsAt = start, endsAt = start.AddHours(2), capacity = 1,
            location = new { city = "Seoul", district = "Mapo-gu", address = "1 River Road" }, maxWaitlist = 1,
        });
        Assert.Equal(201, (await Api.PostAsync($"/api/events/{id}/signups", token: (await store.Instance.SignedInMemberAsync()).Token)).Status);

        Assert.Equal(201, (await WaitingMemberAsync(id)).Joined.Status);
        var refused = (await WaitingMemberAsync(id)).Joined;
        Assert.Equal((409, "waitlist-full"), (refused.Status, refused.ProblemCode));
    }

    [Fact]
    public async Task Leaving_moves_everyone_behind_up_by_one()
    {
        var (id, _) = await FullEventAsync();
        var first = await WaitingMemberAsync(id);
        var second = await WaitingMemberAsync(id);

        Assert.Equal(204, (await Api.DeleteAsync($"/api/events/{id}/waitlist/me", first.Token)).Status);

        Assert.Equal(1, (await Api.GetAsync($"/api/events/{id}/waitlist/me", second.Token)).Json.GetProperty("position").GetInt32());
        var again = await Api.DeleteAsync($"/api/events/{id}/waitlist/me", first.Token);
        Assert.Equal((404, "not-waitlisted"), (again.Status, again.ProblemCode));
        Assert.Equal("not-waitlisted", (await Api.GetAsync($"/api/events/{id}/waitlist/me", first.Token)).ProblemCode);
        Assert.Equal("event-not-found", (await Api.GetAsync("/api/events/00000000000000000000000000000000/waitlist/me", first.Token)).ProblemCode);
        Assert.Equal("event-not-found", (await Api.DeleteAsync("/api/events/00000000000000000000000000000000/waitlist/me", first.Token)).ProblemCode);
    }

    [Fact]
    public async Task The_host_pages_through_the_list_in_order_and_no_one_else_may()
    {
        var (id, host) = await FullEventAsync();
        var waiting = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            waiting.Add((await WaitingMemberAsync(id)).Member.UserId.Value);
        }

        var seen = (await Api.AllPagesAsync($"/api/events/{id}/waitlist?limit=2", host))
            .Select(e => (e.GetProperty("userId").GetString()!, e.GetProperty("position").GetInt32()));

        Assert.Equal(waiting.Select((m, i) => (m, i + 1)), seen);
        Assert.Equal("not-event-owner", (await Api.GetAsync($"/api/events/{id}/waitlist", (await store.Instance.SignedInMemberAsync()).Token)).ProblemCode);
        Assert.Equal("invalid-cursor", (await Api.GetAsync($"/api/events/{id}/waitlist?cursor=c2lnbnVwLmFiY2Q", host)).ProblemCode);
    }

    [Fact]
    public async Task A_cancel_promotes_the_head_in_the_same_transaction_and_notifies_it_once()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var id = await Api.CreateEventAsync(host, Requests.Event(title: "Promo " + Guid.NewGuid().ToString("N")[..8], capacity: 1));
        var (_, participant) = await store.Instance.SignedInMemberAsync();
        Assert.Equal(201, (await Api.PostAsync($"/api/events/{id}/signups", token: participant)).Status);
        var head = await WaitingMemberAsync(id);
        var next = await WaitingMemberAsync(id);

        Assert.Equal(204, (await Api.DeleteAsync($"/api/events/{id}/signups/me", participant)).Status);

        var page = await Api.GetAsync($"/api/events/{id}", head.Token);
        Assert.Equal((1, true, 1), (page.Json.GetProperty("seatsTaken").GetInt32(), page.Json.GetProperty("signedUp").GetBoolean(),
            page.Json.GetProperty("waitlistLength").GetInt32()));
        var mine = await Api.GetAsync("/api/members/me/signups", head.Token);
        Assert.Contains(mine.Json.EnumerateArray(), s => s.GetProperty("event").GetProperty("id").GetString() == id);
        Assert.Equal(1, (await Api.GetAsync($"/api/events/{id}/waitlist/me", next.Token)).Json.GetProperty("position").GetInt32());
        Assert.Equal("not-waitlisted", (await Api.GetAsync($"/api/events/{id}/waitlist/me", head.Token)).ProblemCode);
        var inbox = await store.Instance.Get<INotificationStore>().ListAsync(head.Member.UserId, null, 50, Ct);
        Assert.Single(inbox.Items, n => n.Kind == NotificationKind.Promoted && n.EventId == id);
        Assert.DoesNotContain((await store.Instance.Get<INotificationStore>().ListAsync(next.Member.UserId, null, 50, Ct)).Items,
            n => n.Kind == NotificationKind.Promoted);
        var notifications = await Api.GetAsync("/api/members/me/notifications", head.Token);
        Assert.Contains(notifications.Json.GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == "promoted");
    }

    [Fact]
    public async Task Raising_capacity_by_k_promotes_k_in_order_and_lowering_promotes_nobody()
    {
        var (id, host) = await FullEventAsync(capacity: 2);
        var waiting = new List<(Member Member, string Token, TestResponse Joined)>();
        for (var i = 0; i < 4; i++)
        {
            waiting.Add(await WaitingMemberAsync(id));
        }

        Assert.Equal(200, (await Api.PatchAsync($"/api/events/{id}", new { capacity = 4 }, host)).Status);

        var page = await Api.GetAsync($"/api/events/{id}", host);
        Assert.Equal((4, 2), (page.Json.GetProperty("seatsTaken").GetInt32(), page.Json.GetProperty("waitlistLength").GetInt32()));
        Assert.True((await Api.GetAsync($"/api/events/{id}", waiting[0].Token)).Json.GetProperty("signedUp").GetBoolean());
        Assert.True((await Api.GetAsync($"/api/events/{id}", waiting[1].Token)).Json.GetProperty("signedUp").GetBoolean());
        Assert.Equal(1, (await Api.GetAsync($"/api/events/{id}/waitlist/me", waiting[2].Token)).Json.GetProperty("position").GetInt32());

        // Lowering is refused below the seats taken as before, and promotes nobody when allowed.
        Assert.Equal(200, (await Api.PatchAsync($"/api/events/{id}", new { capacity = 5 }, host)).Status);
        Assert.Equal(200, (await Api.PatchAsync($"/api/events/{id}", new { capacity = 6 }, host)).Status);
        Assert.Equal(0, (await Api.GetAsync($"/api/events/{id}", host)).Json.GetProperty("waitlistLength").GetInt32());
        Assert.Equal(200, (await Api.PatchAsync($"/api/events/{id}", new { capacity = 6 }, host)).Status);
        var (id2, host2) = await FullEventAsync(capacity: 3);
        var (_, participant) = await store.Instance.SignedInMemberAsync();
        await WaitingMemberAsync(id2);
        Assert.Equal("capacity-below-seats-taken", (await Api.PatchAsync($"/api/events/{id2}", new { capacity = 2 }, host2)).ProblemCode);
        Assert.Equal(1, (await Api.GetAsync($"/api/events/{id2}", participant)).Json.GetProperty("waitlistLength").GetInt32());
    }

    [Fact]
    public async Task My_waiting_lists_show_each_place_and_withdrawal_removes_them()
    {
        var (first, _) = await FullEventAsync();
        var (second, host) = await FullEventAsync();
        var ahead = await WaitingMemberAsync(second);
        var (member, token) = await store.Instance.SignedInMemberAsync();
        Assert.Equal(201, (await Api.PostAsync($"/api/events/{first}/waitlist", token: token)).Status);
        Assert.Equal(201, (await Api.PostAsync($"/api/events/{second}/waitlist", token: token)).Status);

        var mine = await Api.GetAsync("/api/members/me/waitlists", token);

        Assert.Equal(200, mine.Status);
        Assert.Equal(new Dictionary<string, int> { [first] = 1, [second] = 2 },
            mine.Json.EnumerateArray().ToDictionary(p => p.GetProperty("event").GetProperty("id").GetString()!, p => p.GetProperty("position").GetInt32()));

        foreach (var step in store.Instance.Get<IEnumerable<IWithdrawalStep>>())
        {
            await step.RunAsync(member.UserId, Ct);
        }

        Assert.Empty((await Api.GetAsync("/api/members/me/waitlists", token)).Json.EnumerateArray());
        var list = await Api.GetAsync($"/api/events/{second}/waitlist", host);
        Assert.Equal([ahead.Member.UserId.Value], list.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("userId").GetString()));
    }

    [Fact]
    public async Task Deleting_the_event_tells_waiting_members_and_removes_their_places()
    {
        var (id, host) = await FullEventAsync();
        var waiting = await WaitingMemberAsync(id);

        Assert.Equal(204, (await Api.DeleteAsync($"/api/events/{id}", host)).Status);

        var inbox = await store.Instance.Get<INotificationStore>().ListAsync(waiting.Member.UserId, null, 50, Ct);
        Assert.Single(inbox.Items, n => n.Kind == NotificationKind.EventCancelled && n.EventId == id);
        Assert.Empty((await Api.GetAsync("/api/members/me/waitlists", waiting.Token)).Json.EnumerateArray());
        Assert.Equal("event-not-found", (await Api.GetAsync($"/api/events/{id}/waitlist/me", waiting.Token)).ProblemCode);
    }

    [Fact]
    public async Task Sign_ups_before_the_window_opens_are_refused_with_the_opening_time_and_after_it_closes_too()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var start = DateTimeOffset.UtcNow.AddDays(7);
        var opens = new DateTimeOffset(start.AddDays(-2).UtcDateTime.Date, TimeSpan.Zero);
        var later = await Api.CreateEventAsync(host, WindowEvent(start, opens, null));
        var closed = await Api.CreateEventAsync(host, WindowEvent(start, null, DateTimeOffset.UtcNow.AddMinutes(-1)));
        var (_, token) = await store.Instance.SignedInMemberAsync();

        var early = await Api.PostAsync($"/api/events/{later}/signups", token: token);
        var late = await Api.PostAsync($"/api/events/{closed}/signups", token: token);

        Assert.Equal((409, "signups-not-open"), (early.Status, early.ProblemCode));
        Assert.Equal(opens, early.Json.GetProperty("opensAt").GetDateTimeOffset());
        Assert.Equal((409, "signups-closed"), (late.Status, late.ProblemCode));
        Assert.Equal("signups-not-open", (await Api.PostAsync($"/api/events/{later}/waitlist", token: token)).ProblemCode);
        var page = await Api.GetAsync($"/api/events/{later}", token);
        Assert.Equal((opens, start.ToUniversalTime()), (page.Json.GetProperty("signUpOpensAt").GetDateTimeOffset(), page.Json.GetProperty("signUpClosesAt").GetDateTimeOffset()));
        Assert.Equal(0, await Api.SeatsTakenAsync(later, token));
    }

    [Fact]
    public async Task A_crowd_before_the_opening_costs_no_seat_write_and_at_most_one_store_read_each()
    {
        var counter = new StoreCallCounter();
        var instance = await store.StartInstanceAsync(services: counter.AddTo);
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var start = DateTimeOffset.UtcNow.AddDays(7);
        var id = await Api.CreateEventAsync(host, WindowEvent(start, start.AddDays(-1), null));
        var tokens = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            tokens.Add((await store.Instance.SignedInMemberAsync()).Token);
        }

        counter.Watch(id);
        counter.Reset();
        var answers = await Task.WhenAll(tokens.Select(t => instance.Client.PostAsync($"/api/events/{id}/signups", token: t)));

        Assert.All(answers, a => Assert.Equal("signups-not-open", a.ProblemCode));
        // The event's partition is read at most once per request (once per group-commit round, shared), and nothing is written.
        Assert.InRange(counter.WatchedPartitionCalls, 1, answers.Length);
        Assert.Equal(0, counter.Batches);
        Assert.InRange(counter.WatchedPartitionEntities, 1, 3L * counter.WatchedPartitionCalls); // event + list state + 1 pool per read
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{answers.Length} early sign-ups: {counter.WatchedPartitionCalls} event-partition reads, {counter.WatchedPartitionEntities} entities, {counter.Batches} batches");
    }

    [Theory]
    [InlineData(1, 0, "signUpOpensAt")]
    [InlineData(0, 1, "signUpClosesAt")]
    public async Task The_window_must_open_before_it_closes_and_close_by_the_start(int opensAfterStartHours, int closesAfterStartHours, string field)
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var start = DateTimeOffset.UtcNow.AddDays(7);
        var response = await Api.PostAsync("/api/events",
            WindowEvent(start, start.AddHours(opensAfterStartHours), closesAfterStartHours == 0 ? null : start.AddHours(closesAfterStartHours)), host);

        Assert.Equal((400, "validation"), (response.Status, response.ProblemCode));
        Assert.True(response.Json.GetProperty("errors").TryGetProperty(field, out _), response.ToString());
    }

    [Fact]
    public async Task Listing_leaves_out_events_whose_sign_ups_have_closed()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var start = DateTimeOffset.UtcNow.AddDays(40).AddMinutes(Random.Shared.Next(10_000));
        var closed = await Api.CreateEventAsync(host, WindowEvent(start, null, DateTimeOffset.UtcNow.AddMinutes(-1)));
        var upcoming = await Api.CreateEventAsync(host, WindowEvent(start.AddSeconds(1), start.AddDays(-1), null));

        var listed = await Api.GetAsync($"/api/events?from={start.AddSeconds(-1):O}&to={start.AddSeconds(2):O}&limit=100".Replace("+", "%2B", StringComparison.Ordinal), host);

        var ids = listed.Json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.Contains(upcoming, ids);
        Assert.DoesNotContain(closed, ids);
    }

    private static object WindowEvent(DateTimeOffset start, DateTimeOffset? opens, DateTimeOffset? closes) => new
    {
        title = "Window " + Guid.NewGuid().ToString("N")[..8],
        category = "festival",
        startsAt = start,
        endsAt = start.AddHours(3),
        capacity = 5,
        location = new { city = "Busan", district = "Jung-gu", address = "3 Harbour Road" },
        signUpOpensAt = opens,
        signUpClosesAt = closes,
    };
}
