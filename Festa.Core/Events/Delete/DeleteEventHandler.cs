using Festa.Core.Auth.Sessions;
using Festa.Core.Common;

namespace Festa.Core.Events.Delete;

public sealed class DeleteEventHandler(IEventStore events)
{
    public async Task<Result> HandleAsync(CurrentSession caller, string rawId, CancellationToken cancellationToken)
    {
        var found = await events.FindOwnedAsync(caller, rawId, cancellationToken);
        if (found.Error is { } denied)
        {
            return denied;
        }

        await events.DeleteAsync(found.Value.Event, cancellationToken);
        return Result.Success;
    }
}
