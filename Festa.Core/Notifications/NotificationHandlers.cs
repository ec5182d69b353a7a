using Festa.Core.Auth.Sessions;
using Festa.Core.Common;
using Festa.Core.Events.List;

namespace Festa.Core.Notifications;

public static class NotificationErrors
{
    public static Error NotFound { get; } = new(ErrorKind.NotFound, "notification-not-found", "There is no such notification.");
}

/// <summary>The caller's inbox, newest first, paged with an opaque cursor, with the unread count.</summary>
public sealed class ListMyNotificationsHandler(INotificationStore notifications)
{
    public async Task<Result<NotificationPage>> HandleAsync(CurrentSession caller, string? rawLimit, string? rawCursor,
        CancellationToken cancellationToken)
    {
        var paging = ListEventsHandler.Parse(new ListEventsRequest(Limit: rawLimit, Cursor: rawCursor), DateTimeOffset.MinValue);
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

public sealed class MarkReadHandler(INotificationStore notifications, TimeProvider time)
{
    public async Task<Result> HandleAsync(CurrentSession caller, string rawId, CancellationToken cancellationToken)
    {
        if (!Notification.IsWellFormedId(rawId))
        {
            return NotificationErrors.NotFound;
        }

        return await notifications.MarkReadAsync(caller.MemberId, rawId, time.GetUtcNow(), cancellationToken)
            ? Result.Success
            : NotificationErrors.NotFound;
    }
}

public sealed class MarkAllReadHandler(INotificationStore notifications, TimeProvider time)
{
    public async Task<Result> HandleAsync(CurrentSession caller, CancellationToken cancellationToken)
    {
        await notifications.MarkAllReadAsync(caller.MemberId, time.GetUtcNow(), cancellationToken);
        return Result.Success;
    }
}
