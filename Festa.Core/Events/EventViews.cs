namespace Festa.Core.Events;

/// <summary>An event as its page shows it, with the seats and the viewer's own sign-up.</summary>
public sealed record EventDetails(
    string Id,
    string HostId,
    string Title,
    string Description,
    EventCategory Category,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int Capacity,
    int SeatsTaken,
    int SeatsLeft,
    bool SignedUp,
    EventLocation Location,
    DateTimeOffset? SignUpOpensAt,
    DateTimeOffset SignUpClosesAt,
    int? MaxWaitlist,
    int WaitlistLength)
{
    /// <summary><c>signUpOpensAt</c> is absent when sign-ups open at creation; <c>signUpClosesAt</c> is the start unless the host chose earlier.</summary>
    public static EventDetails Of(EventSnapshot s) => new(s.Event.Id.Value, s.Event.HostId.Value, s.Event.Title, s.Event.Description,
        s.Event.Category, s.Event.StartsAt, s.Event.EndsAt, s.Event.Capacity, s.SeatsTaken, s.SeatsLeft, s.ViewerSignedUp, s.Event.Location,
        s.Event.SignUpOpensAt, s.Event.ClosesAt, s.Event.MaxWaitlist, s.WaitlistLength);
}

/// <summary>An event as lists show it.</summary>
public sealed record EventSummary(
    string Id,
    string HostId,
    string Title,
    EventCategory Category,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int Capacity,
    EventLocation Location)
{
    public static EventSummary Of(FestaEvent e) =>
        new(e.Id.Value, e.HostId.Value, e.Title, e.Category, e.StartsAt, e.EndsAt, e.Capacity, e.Location);
}

/// <summary>A page of a list; pass <see cref="NextCursor"/> back as <c>cursor</c> for the next one.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
