using Festa.Core.Members;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Festa.Core.Notifications;

/// <summary>
/// At login: a member whose password is older than <see cref="NotificationOptions.PasswordMaxAge"/> gets one
/// "time to change your password" notification per such period (id = hash(member, "password-age", period
/// index)). At most one insert; never fails the login.
/// </summary>
public sealed partial class PasswordAgeCheck(
    INotificationStore notifications,
    IOptions<NotificationOptions> options,
    ILogger<PasswordAgeCheck> logger)
{
    public async Task CheckAsync(Member member, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var maxAge = options.Value.PasswordMaxAge;
            var age = now - member.PasswordChangedAt;
            if (age <= maxAge)
            {
                return;
            }

            var period = (long)(age.Ticks / maxAge.Ticks);
            var days = (int)age.TotalDays;
            var notification = new Notification(
                Notification.IdOf(member.UserId.Value, "password-age", member.PasswordChangedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    period.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                member.UserId, NotificationKind.PasswordAge, null, "Time to change your password",
                $"Your password is {days} days old. Please choose a new one.", now, null);
            await notifications.TryAddAsync(notification, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(e, member.UserId.Value);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Password-age notification for member {MemberId} could not be written")]
    private partial void LogFailed(Exception exception, string memberId);
}
