using Festa.Core.Common;

namespace Festa.Core.Notifications;

public static class NotificationErrors
{
    public static Error NotFound { get; } = new(ErrorKind.NotFound, "notification-not-found", "There is no such notification.");
}
