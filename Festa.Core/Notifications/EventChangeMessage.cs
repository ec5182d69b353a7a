using System.Text.Json.Serialization;

namespace Festa.Core.Notifications;

public enum EventChangeKind
{
    [JsonStringEnumMemberName("changed")]
    Changed,

    [JsonStringEnumMemberName("deleted")]
    Deleted,
}

/// <summary>
/// A change to an event, queued for fan-out into participants' inboxes. <see cref="ChangeId"/> is unique
/// per change and, with the member id, makes each notification's id. For <see cref="EventChangeKind.Changed"/>
/// the fan-out reads the participants itself, a page per message, continuing after <see cref="After"/>; for
/// <see cref="EventChangeKind.Deleted"/> the outbox dispatcher deletes each page of sign-ups once its message is queued,
/// so the message carries the <see cref="Recipients"/> (at most <see cref="EventChangeMessage.MaxRecipients"/>; the pages
/// of one deletion share its change id, so notification ids stay stable however the pages fall).
/// </summary>
public sealed record EventChangeMessage(
    string EventId,
    EventChangeKind Kind,
    string ChangeId,
    DateTimeOffset OccurredAt,
    string Title,
    IReadOnlyList<string> Changed,
    IReadOnlyList<string>? Recipients = null,
    string? After = null)
{
    public const int MaxRecipients = 100;
}

/// <summary>Hands event changes to the fan-out (a queue in Azure).</summary>
public interface IEventChangePublisher
{
    Task PublishAsync(EventChangeMessage message, CancellationToken cancellationToken);
}
