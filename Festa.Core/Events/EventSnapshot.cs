using Festa.Core.Members;

namespace Festa.Core.Events;

/// <summary>
/// An event as one read of the store saw it: its details, the seats taken at that moment, whether the
/// viewer held a seat, a version that conditional writes use to detect a concurrent change, and how many members wait.
/// </summary>
public sealed record EventSnapshot(FestaEvent Event, int SeatsTaken, DateTimeOffset? ViewerSignedUpAt, string Version, int WaitlistLength = 0)
{
    public int SeatsLeft => Math.Max(0, Event.Capacity - SeatsTaken);

    public bool IsFull => SeatsTaken >= Event.Capacity;

    public bool ViewerSignedUp => ViewerSignedUpAt is not null;
}

/// <summary>A participant of an event, in sign-up order of the store's keys.</summary>
public sealed record SignUpRecord(UserId MemberId, DateTimeOffset SignedUpAt);

/// <summary>One page of a list; <see cref="After"/> is the store key to continue after, null on the last page.</summary>
public sealed record StorePage<T>(IReadOnlyList<T> Items, string? After);
