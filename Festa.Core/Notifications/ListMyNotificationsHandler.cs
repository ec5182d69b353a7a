using Festa.Core.Auth.Sessions;
using Festa.Core.Common;

namespace Festa.Core.Notifications;

/// <summary>The caller's inbox, newest first, paged with an opaque cursor, with the unread count.</summary>
public sealed class ListMyNotificationsHandler(INotificationStore notifications)
{
    public async Task<Result<NotificationPage>> HandleAsync(CurrentSession caller, string? rawLimit, string? rawCursor,
        CancellationToken cancellationToken)
    {
        var paging = Paging.Parse(rawLimit, rawCursor, CursorList.Notifications);
        if (paging.Error is { } invalid)
        {
            return invalid;
        }

        var page = notifications.ListAsync(caller.MemberId, paging.Value.After, paging.Value.Limit, cancellationToken);
        var unread = notifications.CountUnreadAsync(caller.MemberId, cancellationToken);
        await Task.WhenAll(page, unread);
        return new NotificationPage(page.Result.Items.Select(NotificationView.Of).ToList(), unread.Result, Cursor.Encode(page.Result.After));
    }
}
