using Festa.Core.Members;

namespace Festa.Core.Events;

/// <summary>An event a host published. Seats are counted by the store, next to the sign-ups themselves.</summary>
public sealed record FestaEvent(
    EventId Id,
    UserId HostId,
    string Title,
    string Description,
    EventCategory Category,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int Capacity,
    EventLocation Location,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SignUpOpensAt = null,
    DateTimeOffset? SignUpClosesAt = null,
    int? MaxWaitlist = null)
{
    /// <summary>Cancellations are accepted only before the event starts (sign-ups also need <see cref="WindowAt"/> to be open).</summary>
    public bool IsOpenAt(DateTimeOffset now) => now < StartsAt;

    /// <summary>When sign-ups close: <see cref="SignUpClosesAt"/>, by default the start.</summary>
    public DateTimeOffset ClosesAt => SignUpClosesAt ?? StartsAt;

    /// <summary>Where <paramref name="now"/> lies in the sign-up window [<see cref="SignUpOpensAt"/>, <see cref="ClosesAt"/>).</summary>
    public SignUpWindow WindowAt(DateTimeOffset now) =>
        SignUpOpensAt is { } opens && now < opens ? SignUpWindow.NotYetOpen
        : now >= StartsAt ? SignUpWindow.Started
        : now >= ClosesAt ? SignUpWindow.Closed
        : SignUpWindow.Open;

    /// <summary>Lists show events whose sign-up window is open or still to come.</summary>
    public bool IsListableAt(DateTimeOffset now) => now < ClosesAt;

    /// <summary>Most members that may wait: the host's <see cref="MaxWaitlist"/>, never above <see cref="EventRules.MaxWaitlistCap"/>.</summary>
    public int WaitlistLimit => Math.Min(MaxWaitlist ?? EventRules.MaxWaitlistCap, EventRules.MaxWaitlistCap);

    public bool IsHostedBy(UserId member) => HostId == member;
}

/// <summary>Where a moment lies relative to an event's sign-up window.</summary>
public enum SignUpWindow
{
    NotYetOpen,
    Open,

    /// <summary>After <see cref="FestaEvent.ClosesAt"/>, before the start.</summary>
    Closed,

    /// <summary>The event has started.</summary>
    Started,
}
