using Festa.Core.Auth.Sessions;
using Festa.Core.Common;
using Festa.Core.Notifications.Outbox;

namespace Festa.Core.Events.Update;

/// <summary>
/// Changes an event's details. The capacity may not drop below the seats taken: the store writes the new
/// capacity only if the seat count is still the one this check saw, else the patch is re-applied. A change of time,
/// place or details is recorded in the event's outbox by the same store write (never saved without its notice), then
/// delivered at once or, if the queue refuses, by the outbox timer (docs/concurrency.md, "Notifications: the outbox").
/// </summary>
public sealed class UpdateEventHandler(IEventStore events, TimeProvider time, OutboxDispatcher outbox)
{
    private const int MaxAttempts = 8;

    public async Task<Result<EventDetails>> HandleAsync(CurrentSession caller, string rawId, UpdateEventRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var found = await events.FindOwnedAsync(caller, rawId, cancellationToken);
            if (found.Error is { } denied)
            {
                return denied;
            }

            var basis = found.Value;
            var updated = Apply(basis.Event, request, time.GetUtcNow());
            if (updated.Error is { } invalid)
            {
                return invalid;
            }

            if (updated.Value.Capacity < basis.SeatsTaken)
            {
                return EventErrors.CapacityBelowSeatsTaken(basis.SeatsTaken);
            }

            if (updated.Value == basis.Event)
            {
                return EventDetails.Of(basis);
            }

            var notice = Changes(basis.Event, updated.Value) is { Count: > 0 } changed ? OutboxEntry.EventChanged(updated.Value, changed) : null;
            switch (await events.UpdateAsync(updated.Value, basis, notice, cancellationToken))
            {
                case UpdateEventOutcome.Updated:
                    if (notice is not null)
                    {
                        await outbox.TryDispatchAsync(updated.Value.Id, cancellationToken);
                    }

                    return EventDetails.Of(basis with { Event = updated.Value });
                case UpdateEventOutcome.Duplicate:
                    return EventErrors.Duplicate;
                case UpdateEventOutcome.NotFound:
                    return EventErrors.NotFound;
            }
        }

        return CommonErrors.Busy(TimeSpan.FromSeconds(1));
    }

    /// <summary>What participants are told changed: time, place, details (a capacity change alone is not announced).</summary>
    private static List<string> Changes(FestaEvent before, FestaEvent after)
    {
        List<string> changed = [];
        if (before.StartsAt != after.StartsAt || before.EndsAt != after.EndsAt)
        {
            changed.Add("time");
        }

        if (before.Location != after.Location)
        {
            changed.Add("place");
        }

        if (before.Title != after.Title || before.Description != after.Description || before.Category != after.Category)
        {
            changed.Add("details");
        }

        return changed;
    }

    private static Result<FestaEvent> Apply(FestaEvent current, UpdateEventRequest request, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        var title = request.Title.IsSet ? EventRules.Title(errors, request.Title.Value) : current.Title;
        var description = request.Description.IsSet ? EventRules.Description(errors, request.Description.Value) : current.Description;
        var location = request.Location.IsSet ? EventLocation.Validate(errors, request.Location.Value) : current.Location;
        var startsAt = request.StartsAt.IsSet ? request.StartsAt.Value.ToUniversalTime() : current.StartsAt;
        var endsAt = request.EndsAt.IsSet ? request.EndsAt.Value.ToUniversalTime() : current.EndsAt;
        var capacity = request.Capacity.IsSet ? request.Capacity.Value : current.Capacity;
        EventRules.Capacity(errors, capacity);
        EventRules.Schedule(errors, startsAt, endsAt, startChanged: startsAt != current.StartsAt, now);
        var opensAt = request.SignUpOpensAt.IsSet ? request.SignUpOpensAt.Value?.ToUniversalTime() : current.SignUpOpensAt;
        var closesAt = request.SignUpClosesAt.IsSet ? request.SignUpClosesAt.Value?.ToUniversalTime() : current.SignUpClosesAt;
        var maxWaitlist = request.MaxWaitlist.IsSet ? request.MaxWaitlist.Value : current.MaxWaitlist;
        EventRules.Window(errors, opensAt, closesAt, startsAt);
        EventRules.MaxWaitlist(errors, maxWaitlist);
        if (errors.Any)
        {
            return errors.ToError();
        }

        var updated = current with
        {
            Title = title!,
            Description = description,
            Category = request.Category.IsSet ? request.Category.Value : current.Category,
            StartsAt = startsAt,
            EndsAt = endsAt,
            Capacity = capacity,
            Location = location!,
            SignUpOpensAt = opensAt,
            SignUpClosesAt = closesAt,
            MaxWaitlist = maxWaitlist,
        };
        return updated == current ? current : updated with { UpdatedAt = now };
    }
}
