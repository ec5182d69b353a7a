using Festa.Core.Auth.Sessions;
using Festa.Core.Common;

namespace Festa.Core.Notifications;

public sealed class MarkAllReadHandler(INotificationStore notifications, TimeProvider time)
{
    public async Task<Result> HandleAsync(CurrentSession caller, CancellationToken cancellationToken)
    {
        await notifications.MarkAllReadAsync(caller.MemberId, time.GetUtcNow(), cancellationToken);
        return Result.Success;
    }
}
