using Festa.Core.Members;
using Festa.Core.Notifications;
using Festa.TestSupport;

namespace Festa.Stores.Tests.Contract;

/// <summary>What every <see cref="INotificationStore"/> must do, whatever the store behind it.</summary>
public abstract class NotificationStoreContract(StoreFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 7, 0, 0, TimeSpan.Zero);

    private INotificationStore Store => fixture.Instance.Get<INotificationStore>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static UserId NewMember() => UserId.FromTrusted(Seed.NewUserId());

    private static Notification NewNotification(UserId member, int minutes, string? cause = null) => new(
        Notification.IdOf(cause ?? Guid.NewGuid().ToString("N"), member.Value), member, NotificationKind.EventChanged, "e1",
        $"Changed {minutes}", "The host changed the time.", Start.AddMinutes(minutes), null);

    [Fact]
    public async Task An_add_of_an_existing_id_is_a_no_op()
    {
        fixture.Require(StoreCapability.Aggregates);
        var member = NewMember();
        var first = NewNotification(member, 0, cause: "change-1");

        Assert.True(await Store.TryAddAsync(first, Ct));
        Assert.False(await Store.TryAddAsync(first, Ct));
        Assert.False(await Store.TryAddAsync(first with { Title = "Other", CreatedAt = Start.AddHours(1) }, Ct));

        Assert.Equal(1, await Store.CountUnreadAsync(member, Ct));
    }

    [Fact]
    public async Task Inboxes_are_separate_per_member()
    {
        fixture.Require(StoreCapability.Aggregates);
        var alice = NewMember();
        var bob = NewMember();
        await Store.TryAddAsync(NewNotification(alice, 0, cause: "same-change"), Ct);

        Assert.True(await Store.TryAddAsync(NewNotification(bob, 0, cause: "same-change"), Ct));
        Assert.Equal(1, await Store.CountUnreadAsync(alice, Ct));
        Assert.Equal(1, await Store.CountUnreadAsync(bob, Ct));
        Assert.Equal(0, await Store.CountUnreadAsync(NewMember(), Ct));
    }

    [Fact]
    public async Task Reading_one_marks_it_read_once_and_unknown_ids_are_not_found()
    {
        fixture.Require(StoreCapability.Aggregates);
        var member = NewMember();
        var notification = NewNotification(member, 0);
        await Store.TryAddAsync(notification, Ct);
        await Store.TryAddAsync(NewNotification(member, 1), Ct);

        Assert.True(await Store.MarkReadAsync(member, notification.Id, Start.AddHours(1), Ct));
        Assert.True(await Store.MarkReadAsync(member, notification.Id, Start.AddHours(2), Ct));
        Assert.False(await Store.MarkReadAsync(member, Notification.IdOf("nothing"), Start, Ct));
        Assert.False(await Store.MarkReadAsync(NewMember(), notification.Id, Start, Ct));

        Assert.Equal(1, await Store.CountUnreadAsync(member, Ct));
    }

    [Fact]
    public async Task Reading_one_again_keeps_the_first_read_time_and_leaves_the_others_unread()
    {
        fixture.Require(StoreCapability.OrderedQueries); // read back through the listing
        var member = NewMember();
        var notification = NewNotification(member, 0);
        var other = NewNotification(member, 1);
        await Store.TryAddAsync(notification, Ct);
        await Store.TryAddAsync(other, Ct);

        Assert.True(await Store.MarkReadAsync(member, notification.Id, Start.AddHours(1), Ct));
        Assert.True(await Store.MarkReadAsync(member, notification.Id, Start.AddHours(2), Ct));

        var listed = (await Store.ListAsync(member, null, 10, Ct)).Items;
        Assert.Equal(Start.AddHours(1), Assert.Single(listed, n => n.Id == notification.Id).ReadAt);
        Assert.Null(Assert.Single(listed, n => n.Id == other.Id).ReadAt);
    }

    [Fact]
    public async Task Mark_all_read_clears_the_unread_count()
    {
        fixture.Require(StoreCapability.Aggregates);
        fixture.Require(StoreCapability.Transactions);
        var member = NewMember();
        for (var i = 0; i < 5; i++)
        {
            await Store.TryAddAsync(NewNotification(member, i), Ct);
        }

        await Store.MarkAllReadAsync(member, Start.AddHours(1), Ct);

        Assert.Equal(0, await Store.CountUnreadAsync(member, Ct));
        await Store.MarkAllReadAsync(NewMember(), Start, Ct);
    }

    [Fact]
    public async Task The_inbox_lists_newest_first_in_pages_and_keeps_read_times()
    {
        fixture.Require(StoreCapability.OrderedQueries);
        var member = NewMember();
        var added = Enumerable.Range(0, 7).Select(i => NewNotification(member, i)).ToList();
        foreach (var notification in added.OrderBy(_ => Guid.NewGuid()))
        {
            await Store.TryAddAsync(notification, Ct);
        }

        await Store.MarkReadAsync(member, added[6].Id, Start.AddHours(1), Ct);

        var listed = new List<Notification>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await Store.ListAsync(member, after, 3, Ct);
            listed.AddRange(page.Items);
            after = page.After;
            pages++;
        }
        while (after is not null);

        Assert.Equal(3, pages);
        Assert.Equal(added.Select(n => n.Id).Reverse(), listed.Select(n => n.Id));
        Assert.Equal(Start.AddHours(1), listed[0].ReadAt);
        Assert.All(listed.Skip(1), n => Assert.Null(n.ReadAt));
        Assert.Equal(added[0] with { ReadAt = null }, listed[^1]);
    }
}
