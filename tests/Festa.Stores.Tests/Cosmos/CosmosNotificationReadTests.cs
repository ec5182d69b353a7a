using Festa.Core.Members;
using Festa.Core.Notifications;
using Festa.Cosmos;
using Festa.TestSupport;

namespace Festa.Stores.Tests.Cosmos;

/// <summary>
/// Mark-read is a patch with If-Match on the ETag read, so of several marks only the first writes its time.
/// Checked on the stored document itself (a point read), which the local test server supports.
/// </summary>
public sealed class CosmosNotificationReadTests(CosmosStoreFixture fixture) : IClassFixture<CosmosStoreFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 7, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Concurrent_marks_keep_the_first_read_time_and_a_later_mark_changes_nothing()
    {
        var store = fixture.Instance.Get<INotificationStore>();
        var containers = fixture.Instance.Get<FestaContainers>();
        var member = UserId.FromTrusted(Seed.NewUserId());
        var notification = new Notification(Notification.IdOf("change-1", member.Value), member, NotificationKind.EventChanged, "e1",
            "Changed", "The host changed the time.", Start, null);
        await store.TryAddAsync(notification, Ct);

        var marks = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => store.MarkReadAsync(member, notification.Id, Start.AddMinutes(i), Ct)));
        var first = await ReadAtAsync(containers, member, notification.Id);
        Assert.True(await store.MarkReadAsync(member, notification.Id, Start.AddHours(5), Ct));

        Assert.All(marks, Assert.True);
        Assert.InRange(first, Start.AddMinutes(1), Start.AddMinutes(8));
        Assert.Equal(first, await ReadAtAsync(containers, member, notification.Id));
        Assert.False(await store.MarkReadAsync(member, Notification.IdOf("nothing", member.Value), Start, Ct));
    }

    private static async Task<DateTimeOffset> ReadAtAsync(FestaContainers containers, UserId member, string id)
    {
        var doc = await containers.ReadAsync(containers.Notifications, id, member.Value, Ct);
        Assert.True(doc?.GetProperty("read").GetBoolean());
        return doc!.Value.GetProperty("readAt").GetDateTimeOffset();
    }
}
