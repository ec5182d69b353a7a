using Festa.Core.Events.Delete;

namespace Festa.Core.Events.Posters;

/// <summary>A deleted event's poster goes with it.</summary>
public sealed class DeletePosterWithEvent(IPosterStore posters) : IEventDeletionStep
{
    public Task RunAsync(FestaEvent deleted, CancellationToken cancellationToken) => posters.DeleteAsync(deleted.Id, cancellationToken);
}
