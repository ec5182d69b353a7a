using Festa.Core.Auth.Sessions;
using Festa.Core.Common;

namespace Festa.Core.Events;

/// <summary>Finds an event that only its host may change, manage or inspect.</summary>
public static class EventAccess
{
    public static async Task<Result<EventSnapshot>> FindOwnedAsync(this IEventStore events, CurrentSession caller, string rawId,
        CancellationToken cancellationToken)
    {
        var snapshot = EventId.TryParse(rawId, out var id) ? await events.FindAsync(id, null, cancellationToken) : null;
        if (snapshot is null)
        {
            return EventErrors.NotFound;
        }

        return snapshot.Event.IsHostedBy(caller.MemberId) ? snapshot : EventErrors.NotOwner;
    }
}
