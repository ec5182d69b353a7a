using System.ComponentModel.DataAnnotations;

namespace Festa.Core.Notifications;

/// <summary>Configuration section <c>Festa:Notifications</c>.</summary>
public sealed class NotificationOptions : IValidatableObject
{
    public const string Section = "Festa:Notifications";

    /// <summary>A member whose password is older than this gets a reminder at login, once per such period.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan PasswordMaxAge { get; set; } = TimeSpan.FromDays(90);

    /// <summary>IANA or Windows time zone whose calendar day "starts today" means; UTC by default.</summary>
    public string ReminderTimeZone { get; set; } = "UTC";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(ReminderTimeZone, out _))
        {
            yield return new ValidationResult($"'{ReminderTimeZone}' is not a known time zone.", [nameof(ReminderTimeZone)]);
        }
    }
}
