using System.Text.Json;
using System.Text.Json.Serialization;
using Festa.Core.Events;
using Festa.Core.Members;

namespace Festa.Core.Notifications.Outbox;

/// <summary>What an outbox entry tells its dispatcher to deliver.</summary>
public enum OutboxEntryKind
{
    /// <summary>The event's time, place or details changed: one "changed" notice to every live participant (queued fan-out).</summary>
    [JsonStringEnumMemberName("changed")]
    EventChanged,

    /// <summary>The event was deleted: one "cancelled" notice to every member whose sign-up row the deletion left behind.</summary>
    [JsonStringEnumMemberName("deleted")]
    EventDeleted,

    /// <summary>One notice to one member (e.g. <c>promoted</c> from a waiting list), written straight into the inbox.</summary>
    [JsonStringEnumMemberName("notice")]
    MemberNotice,
}

/// <summary>
/// One pending notification in an event's outbox (docs/concurrency.md, "Notifications: the outbox"). Stored in the
/// event's own partition by the same write as the change it announces and removed once delivered.
/// <see cref="Id"/> names the cause, is unique within the event and makes every notification id
/// (<see cref="Notification.IdOf"/>(Id, member id)), so delivering an entry twice adds nothing the second time.
/// Ids are 1–200 characters of <c>[A-Za-z0-9._-]</c> (a Table row key and a Cosmos id both allow them).
/// For <see cref="OutboxEntryKind.MemberNotice"/>, <see cref="MemberId"/>, <see cref="NoticeKind"/> and
/// <see cref="Body"/> are set; <see cref="Changed"/> lists "time", "place", "details" for a change.
/// </summary>
public sealed record OutboxEntry(
    string Id,
    OutboxEntryKind Kind,
    string EventId,
    DateTimeOffset OccurredAt,
    string Title,
    IReadOnlyList<string> Changed,
    string? MemberId = null,
    NotificationKind? NoticeKind = null,
    string? Body = null)
{
    public const int MaxIdLength = 200;

    /// <summary>A change of time, place or details; a fresh random id per change.</summary>
    public static OutboxEntry EventChanged(FestaEvent after, IReadOnlyList<string> changed) =>
        new(Guid.NewGuid().ToString("N"), OutboxEntryKind.EventChanged, after.Id.Value, after.UpdatedAt, after.Title, changed);

    /// <summary>The deletion of an event: its id is derived from the event (deleted once), so a retried DELETE writes the same entry.</summary>
    public static OutboxEntry EventDeleted(FestaEvent doomed, DateTimeOffset at) =>
        new("deleted." + doomed.Id.Value, OutboxEntryKind.EventDeleted, doomed.Id.Value, at, doomed.Title, ["event"]);

    /// <summary>One notice to one member about an event; <paramref name="id"/> must name the cause (e.g. "promoted.{member}.{request id}").</summary>
    public static OutboxEntry Notice(string id, EventId eventId, UserId member, NotificationKind kind, string title, string body, DateTimeOffset at) =>
        IsWellFormedId(id)
            ? new(id, OutboxEntryKind.MemberNotice, eventId.Value, at, title, [], member.Value, kind, body)
            : throw new ArgumentException($"'{id}' is not a valid outbox entry id.", nameof(id));

    public static bool IsWellFormedId(string? id) =>
        id is { Length: > 0 and <= MaxIdLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>The notification a <see cref="OutboxEntryKind.MemberNotice"/> puts into its member's inbox.</summary>
    public Notification ToNotice() => new(Notification.IdOf(Id, MemberId!), UserId.FromTrusted(MemberId!), NoticeKind!.Value,
        EventId, Title, Body ?? string.Empty, OccurredAt, null);

    /// <summary>The queue message of a change or (with its recipients) of one page of a deletion.</summary>
    public EventChangeMessage ToMessage(IReadOnlyList<string>? recipients = null) => new(EventId,
        Kind == OutboxEntryKind.EventDeleted ? EventChangeKind.Deleted : EventChangeKind.Changed, Id, OccurredAt, Title, Changed, recipients);

    /// <summary>The JSON stored with the entry (one string property on Table, one string on Cosmos).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, OutboxJsonContext.Default.OutboxEntry);

    public static OutboxEntry FromJson(string json) =>
        JsonSerializer.Deserialize(json, OutboxJsonContext.Default.OutboxEntry) ?? throw new JsonException("Not an outbox entry.");
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OutboxEntry))]
internal sealed partial class OutboxJsonContext : JsonSerializerContext;
