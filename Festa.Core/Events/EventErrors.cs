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

    public static Error NotSignedUp { get; } =
        new(ErrorKind.NotFound, "not-signed-up", "You are not signed up for this event.");

    public static Error InvalidCursor { get; } =
        CommonErrors.Validation(new Dictionary<string, string[]> { ["cursor"] = ["is not a cursor this API returned."] });
}
