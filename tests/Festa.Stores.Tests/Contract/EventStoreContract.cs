using Festa.Core.Events;
using Festa.Core.Members;
using Festa.Core.Notifications.Outbox;
using Festa.TestSupport;

namespace Festa.Stores.Tests.Contract;

/// <summary>What every <see cref="IEventStore"/> must do, whatever the store behind it.</summary>
public abstract class EventStoreContract(StoreFixture fixture)
{
    private IEventStore Events => fixture.Instance.Get<IEventStore>();

    private ISignUpStore SignUps => fixture.Instance.Get<ISignUpStore>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static FestaEvent NewEvent(int capacity = 10, DateTimeOffset? startsAt = null, string? city = null, string? title = null)
    {
        var start = startsAt ?? DateTimeOffset.UtcNow.AddDays(5);
        var now = DateTimeOffset.UtcNow;
        return new FestaEvent(EventId.New(), UserId.FromTrusted(Seed.NewUserId("h")), title ?? "Event " + Guid.NewGuid().ToString("N")[..6],
            "Details", EventCategory.Festival, start, start.AddHours(2), capacity,
            new EventLocation(city ?? "Seoul", "Jung-gu", "1 Main Street"), now, now);
    }

    [Fact]
    public async Task A_created_event_is_found_with_no_seats_taken()
    {
        var created = NewEvent(capacity: 100_000);

        Assert.Equal(CreateEventOutcome.Created, await Events.CreateAsync(created, Ct));

        var found = await Events.FindAsync(created.Id, null, Ct);
        Assert.Equal(created, found!.Event);
        Assert.Equal(0, found.SeatsTaken);
        Assert.Null(await Events.FindAsync(EventId.New(), null, Ct));
    }

    [Fact]
    public async Task The_same_host_title_and_start_is_a_duplicate()
    {
        var first = NewEvent();
        await Events.CreateAsync(first, Ct);

        Assert.Equal(CreateEventOutcome.Duplicate, await Events.CreateAsync(first with { Id = EventId.New(), Title = first.Title.ToUpperInvariant() }, Ct));
        Assert.Equal(CreateEventOutcome.Created, await Events.CreateAsync(first with { Id = EventId.New(), StartsAt = first.StartsAt.AddMinutes(1) }, Ct));
    }

    [Fact]
    public async Task An_update_from_a_stale_snapshot_is_refused_and_writes_nothing()
    {
        fixture.Require(StoreCapability.Transactions);
        var created = NewEvent(capacity: 5);
        await Events.CreateAsync(created, Ct);
        var basis = (await Events.FindAsync(created.Id, null, Ct))!;
        Assert.Equal(SignUpOutcome.SignedUp, await SignUps.SignUpAsync(created.Id, UserId.FromTrusted(Seed.NewUserId()), DateTimeOffset.UtcNow, Ct));

        var outcome = await Events.UpdateAsync(basis.Event with { Capacity = 1, Title = "Stale" }, basis, null, Ct);

        Assert.Equal(UpdateEventOutcome.Stale, outcome);
        var now = (await Events.FindAsync(created.Id, null, Ct))!;
        Assert.Equal((5, created.Title, 1), (now.Event.Capacity, now.Event.Title, now.SeatsTaken));
    }

    [Fact]
    public async Task Of_two_updates_from_one_snapshot_only_the_first_is_written()
    {
        var created = NewEvent();
        await Events.CreateAsync(created, Ct);
        var basis = (await Events.FindAsync(created.Id, null, Ct))!;

        var first = await Events.UpdateAsync(basis.Event with { Title = "First" }, basis, null, Ct);
        var second = await Events.UpdateAsync(basis.Event with { Description = "Second" }, basis, null, Ct);

        Assert.Equal((UpdateEventOutcome.Updated, UpdateEventOutcome.Stale), (first, second));
        var now = (await Events.FindAsync(created.Id, null, Ct))!.Event;
        Assert.Equal(("First", created.Description), (now.Title, now.Description));
    }

    [Fact]
    public async Task Capacity_changes_keep_the_seats_taken_and_their_limit()
    {
        fixture.Require(StoreCapability.Transactions);
        var created = NewEvent(capacity: 40);
        await Events.CreateAsync(created, Ct);
        var members = Enumerable.Range(0, 7).Select(_ => UserId.FromTrusted(Seed.NewUserId())).ToList();
        foreach (var member in members)
        {
            Assert.Equal(SignUpOutcome.SignedUp, await SignUps.SignUpAsync(created.Id, member, DateTimeOffset.UtcNow, Ct));
        }

        var basis = (await Events.FindAsync(created.Id, null, Ct))!;
        Assert.Equal(UpdateEventOutcome.Updated, await Events.UpdateAsync(basis.Event with { Capacity = 8 }, basis, null, Ct));

        var shrunk = (await Events.FindAsync(created.Id, null, Ct))!;
        Assert.Equal((8, 7), (shrunk.Event.Capacity, shrunk.SeatsTaken));
        Assert.Equal(SignUpOutcome.SignedUp, await SignUps.SignUpAsync(created.Id, UserId.FromTrusted(Seed.NewUserId()), DateTimeOffset.UtcNow, Ct));
        Assert.Equal(SignUpOutcome.Full, await SignUps.SignUpAsync(created.Id, UserId.FromTrusted(Seed.NewUserId()), DateTimeOffset.UtcNow, Ct));
        Assert.Equal(CancelOutcome.Cancelled, await SignUps.CancelAsync(created.Id, members[0], DateTimeOffset.UtcNow, Ct));
        Assert.Equal(7, (await Events.FindAsync(created.Id, null, Ct))!.SeatsTaken);
    }

    [Fact]
    public async Task A_deleted_event_is_gone_with_its_sign_ups_and_seats()
    {
        fixture.Require(StoreCapability.Transactions);
        var doomed = NewEvent(capacity: 3);
        await Events.CreateAsync(doomed, Ct);
        var member = UserId.FromTrusted(Seed.NewUserId());
        await SignUps.SignUpAsync(doomed.Id, member, DateTimeOffset.UtcNow, Ct);

        await Events.DeleteAsync(doomed, OutboxEntry.EventDeleted(doomed, DateTimeOffset.UtcNow), Ct);
        await Events.DeleteAsync(doomed, OutboxEntry.EventDeleted(doomed, DateTimeOffset.UtcNow), Ct);

        // Closed at once; its sign-ups go once the outbox has queued their notices.
        Assert.Null(await Events.FindAsync(doomed.Id, member, Ct));
        Assert.Equal(SignUpOutcome.NotFound, await SignUps.SignUpAsync(doomed.Id, UserId.FromTrusted(Seed.NewUserId()), DateTimeOffset.UtcNow, Ct));
        Assert.Equal(1, await fixture.Instance.Get<OutboxDispatcher>().DispatchAsync(doomed.Id, Ct));

        Assert.Null(await Events.FindAsync(doomed.Id, null, Ct));
        Assert.Empty((await SignUps.ListParticipantsAsync(doomed.Id, null, 10, Ct)).Items);
        Assert.Empty(await SignUps.ListOfMemberAsync(member, Ct));
        Assert.Equal(SignUpOutcome.NotFound, await SignUps.SignUpAsync(doomed.Id, member, DateTimeOffset.UtcNow, Ct));
    }

    [Fact]
    public async Task Listing_is_in_start_order_and_continues_strictly_after_the_key()
    {
        fixture.Require(StoreCapability.OrderedQueries);
        var city = "C" + Guid.NewGuid().ToString("N")[..8];
        var start = DateTimeOffset.UtcNow.AddDays(2);
        var created = new List<FestaEvent>();
        for (var i = 0; i < 5; i++)
        {
            var e = NewEvent(startsAt: start.AddDays(10 * (4 - i)), city: city);
            await Events.CreateAsync(e, Ct);
            created.Add(e);
        }

        var query = new EventQuery(null, city, null, DateTimeOffset.UtcNow, null, 2, null);
        var ids = new List<EventId>();
        for (var page = await Events.ListAsync(query, Ct); ; page = await Events.ListAsync(query with { After = page.After }, Ct))
        {
            ids.AddRange(page.Items.Select(e => e.Id));
            if (page.After is null)
            {
                break;
            }
        }

        Assert.Equal(created.OrderBy(e => e.StartsAt).Select(e => e.Id), ids);
    }
}
