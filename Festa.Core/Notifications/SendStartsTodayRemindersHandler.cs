using Festa.Core.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Festa.Core.Notifications;

/// <summary>
/// Writes a "starts today" reminder to every participant of every event starting on the current day
/// (in <see cref="NotificationOptions.ReminderTimeZone"/>). Ids are hash(event, date, member), so a second
/// run on the same day, or a retried one, adds nothing.
/// </summary>
public sealed partial class SendStartsTodayRemindersHandler(
    IEventStore events,
    ISignUpStore signUps,
    INotificationStore notifications,
    TimeProvider time,
    IOptions<NotificationOptions> options,
    ILogger<SendStartsTodayRemindersHandler> logger)
{
    private const int PageSize = 100;
    private const int ParallelWrites = 16;

    public async Task<int> HandleAsync(CancellationToken cancellationToken)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.ReminderTimeZone);
        var now = time.GetUtcNow();
        var localNow = TimeZoneInfo.ConvertTime(now, zone);
        var day = DateOnly.FromDateTime(localNow.DateTime);
        var dayStart = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue))).ToUniversalTime();
        var nextDay = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var dayEnd = new DateTimeOffset(nextDay, zone.GetUtcOffset(nextDay)).ToUniversalTime().AddTicks(-1);
        var date = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var added = 0;
        var eventCount = 0;
        string? eventsAfter = null;
        do
        {
            var page = await events.ListAsync(new EventQuery(null, null, null, dayStart, dayEnd, PageSize, eventsAfter), cancellationToken);
            foreach (var festaEvent in page.Items.Where(e => e.StartsAt >= dayStart && e.StartsAt <= dayEnd))
            {
                eventCount++;
                added += await RemindParticipantsAsync(festaEvent, date, now, cancellationToken);
            }

            eventsAfter = page.Items.Count > 0 ? page.After : null;
        }
        while (eventsAfter is not null);

        LogReminded(date, eventCount, added);
        return added;
    }

    private async Task<int> RemindParticipantsAsync(FestaEvent festaEvent, string date, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var added = 0;
        string? after = null;
        do
        {
            var page = await signUps.ListParticipantsAsync(festaEvent.Id, after, PageSize, cancellationToken);
            await Parallel.ForEachAsync(page.Items, new ParallelOptions { MaxDegreeOfParallelism = ParallelWrites, CancellationToken = cancellationToken },
                async (participant, ct) =>
                {
                    var member = participant.MemberId;
                    var notification = new Notification(Notification.IdOf(festaEvent.Id.Value, date, member.Value), member,
                        NotificationKind.StartsToday, festaEvent.Id.Value, $"Today: {festaEvent.Title}",
                        $"\"{festaEvent.Title}\" starts today at {festaEvent.StartsAt:HH:mm} UTC.", now, null);
                    if (await notifications.TryAddAsync(notification, ct))
                    {
                        Interlocked.Increment(ref added);
                    }
                });
            after = page.Items.Count > 0 ? page.After : null;
        }
        while (after is not null);

        return added;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Starts-today reminders for {Date}: {Events} events, {Added} notifications added")]
    private partial void LogReminded(string date, int events, int added);
}
