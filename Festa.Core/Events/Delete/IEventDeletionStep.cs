namespace Festa.Core.Events.Delete;

/// <summary>Something else to remove when an event is deleted (its poster, …). Runs after the event is gone.</summary>
public interface IEventDeletionStep
{
    Task RunAsync(FestaEvent deleted, CancellationToken cancellationToken);
}
