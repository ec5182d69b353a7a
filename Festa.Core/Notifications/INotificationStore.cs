using Festa.Core.Events;
using Festa.Core.Members;

namespace Festa.Core.Notifications;

/// <summary>Members' inboxes. Every operation stays within one member's partition.</summary>
public interface INotificationStore
{
    /// <summary>Adds the notification unless one with its id exists for the member (then nothing changes).</summary>
    /// <returns>True when it was added.</returns>
    Task<bool> TryAddAsync(Notification notification, CancellationToken cancellationToken);

    /// <summary>The member's notifications, newest first, continuing after a store key.</summary>
    Task<StorePage<Notification>> ListAsync(UserId memberId, string? after, int limit, CancellationToken cancellationToken);

    Task<int> CountUnreadAsync(UserId memberId, CancellationToken cancellationToken);

    /// <summary>Marks one notification read (keeping an earlier read time). False when the member has none with that id.</summary>
    Task<bool> MarkReadAsync(UserId memberId, string id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks every unread notification of the member read.</summary>
    Task MarkAllReadAsync(UserId memberId, DateTimeOffset now, CancellationToken cancellationToken);
}
