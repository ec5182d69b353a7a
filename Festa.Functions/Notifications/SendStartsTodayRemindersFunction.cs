using Festa.Core.Notifications;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Notifications;

/// <summary>Each morning (<c>Festa:Reminders:Schedule</c>, default 07:00 UTC): "starts today" reminders.</summary>
public sealed class SendStartsTodayRemindersFunction(SendStartsTodayRemindersHandler handler)
{
    public const string ScheduleKey = "Festa:Reminders:Schedule";

    [Function("SendStartsTodayReminders")]
    public Task RunAsync([TimerTrigger("%" + ScheduleKey + "%")] TimerInfo timer, CancellationToken cancellationToken) =>
        handler.HandleAsync(cancellationToken);
}
