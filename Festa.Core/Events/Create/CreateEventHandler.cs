using Festa.Core.Auth.Sessions;
using Festa.Core.Common;
using Festa.Core.Members;

namespace Festa.Core.Events.Create;

public sealed class CreateEventHandler(IEventStore events, TimeProvider time)
{
    public async Task<Result<EventDetails>> HandleAsync(CurrentSession caller, CreateEventRequest request, CancellationToken cancellationToken)
    {
        if (caller.Role != Role.Host)
        {
            return EventErrors.HostRoleRequired;
        }

        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        var title = EventRules.Title(errors, request.Title);
        var description = EventRules.Description(errors, request.Description);
        var location = EventLocation.Validate(errors, request.Location);
        Require(errors, "category", request.Category);
        Require(errors, "startsAt", request.StartsAt);
        Require(errors, "endsAt", request.EndsAt);
        Require(errors, "capacity", request.Capacity);
        if (request.Capacity is { } capacity)
        {
            EventRules.Capacity(errors, capacity);
        }

        if (request is { StartsAt: { } startsAt, EndsAt: { } endsAt })
        {
            EventRules.Schedule(errors, startsAt, endsAt, startChanged: true, now);
            EventRules.Window(errors, request.SignUpOpensAt, request.SignUpClosesAt, startsAt);
        }

        EventRules.MaxWaitlist(errors, request.MaxWaitlist);

        if (errors.Any)
        {
            return errors.ToError();
        }

        var created = new FestaEvent(EventId.New(), caller.MemberId, title!, description, request.Category!.Value,
            request.StartsAt!.Value.ToUniversalTime(), request.EndsAt!.Value.ToUniversalTime(), request.Capacity!.Value, location!, now, now,
            request.SignUpOpensAt?.ToUniversalTime(), request.SignUpClosesAt?.ToUniversalTime(), request.MaxWaitlist);
        return await events.CreateAsync(created, cancellationToken) == CreateEventOutcome.Created
            ? EventDetails.Of(new EventSnapshot(created, 0, null, string.Empty))
            : EventErrors.Duplicate;
    }

    private static void Require<T>(FieldErrors errors, string field, T? value)
        where T : struct
    {
        if (value is null)
        {
            errors.Add(field, "is required.");
        }
    }
}
