using Festa.Core.Auth.Sessions;
using Festa.Core.Common;

namespace Festa.Core.Notifications;

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
