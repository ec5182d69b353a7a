using Festa.Core.Common;

namespace Festa.Core.Events;

public static class EventErrors
{
    public static Error NotFound { get; } = new(ErrorKind.NotFound, "event-not-found", "There is no such event.");

    public static Error HostRoleRequired { get; } =
        new(ErrorKind.Forbidden, "host-role-required", "Only hosts can publish events.");

    public static Error NotOwner { get; } =
        new(ErrorKind.Forbidden, "not-event-owner", "Only the event's host may do this.");

    public static Error Duplicate { get; } =
        new(ErrorKind.Conflict, "duplicate-event", "You already published an event with this title at this start time.");

    public static Error CapacityBelowSeatsTaken(int seatsTaken) =>
        new(ErrorKind.Conflict, "capacity-below-seats-taken", "The capacity cannot drop below the seats already taken.",
            $"{seatsTaken} seats are taken.");

    public static Error AlreadySignedUp { get; } =
        new(ErrorKind.Conflict, "already-signed-up", "You are already signed up for this event.");

    public static Error Full { get; } = new(ErrorKind.Conflict, "event-full", "The event is full.");

    public static Error Started { get; } =
        new(ErrorKind.Conflict, "event-started", "The event has started; sign-ups can no longer change.");

    public static Error SignUpsNotOpen(DateTimeOffset opensAt) =>
        new(ErrorKind.Conflict, "signups-not-open", "Sign-ups for this event have not opened yet.",
            $"Sign-ups open at {opensAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}.") { OpensAt = opensAt };

    public static Error SignUpsClosed { get; } =
        new(ErrorKind.Conflict, "signups-closed", "Sign-ups for this event have closed.");

    public static Error SeatsAvailable { get; } =
        new(ErrorKind.Conflict, "seats-available", "A seat is free: sign up instead of joining the waiting list.");

    public static Error AlreadyWaitlisted { get; } =
        new(ErrorKind.Conflict, "already-waitlisted", "You are already on this event's waiting list.");

    public static Error WaitlistFull { get; } =
        new(ErrorKind.Conflict, "waitlist-full", "The event's waiting list is full.");

    public static Error NotWaitlisted { get; } =
        new(ErrorKind.NotFound, "not-waitlisted", "You are not on this event's waiting list.");

    public static Error NotSignedUp { get; } =
        new(ErrorKind.NotFound, "not-signed-up", "You are not signed up for this event.");

    public static Error InvalidCursor { get; } =
        CommonErrors.Validation(new Dictionary<string, string[]> { ["cursor"] = ["is not a cursor this API returned."] });
}
