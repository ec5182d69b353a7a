using Festa.Core.Auth.Sessions;
using Festa.Core.Common;

namespace Festa.Core.Events.Get;

public sealed class GetEventHandler(IEventStore events)
{
    public async Task<Result<EventDetails>> HandleAsync(CurrentSession caller, string rawId, CancellationToken cancellationToken)
    {
        var snapshot = EventId.TryParse(rawId, out var id) ? await events.FindAsync(id, caller.MemberId, cancellationToken) : null;
        return snapshot is null ? EventErrors.NotFound : EventDetails.Of(snapshot);
    }
}
