using Festa.Core.Events;
using Microsoft.Extensions.Options;

namespace Festa.AzureStorage.Tables.Events;

/// <summary>
/// Caps how many seat writers one instance lets loose on an event's partition at once. Under a flash crowd,
/// writers beyond the number of seat pools only collide and retry, each collision costing store requests
/// on the hot partition; queueing them here, in memory, costs nothing. Correctness never depends on it: it
/// is a per-instance throttle, not shared state (events are striped over a fixed set of semaphores).
/// </summary>
internal sealed class SeatWriterBulkhead(IOptions<TableStoreOptions> options)
{
    private const int Stripes = 64;

    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, Stripes)
        .Select(_ => new SemaphoreSlim(options.Value.SeatWritersPerEvent, options.Value.SeatWritersPerEvent)).ToArray();

    public async Task<IDisposable> EnterAsync(EventId eventId, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(eventId.Value) % Stripes)];
        await stripe.WaitAsync(cancellationToken);
        return new Release(stripe);
    }

    private sealed class Release(SemaphoreSlim stripe) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                stripe.Release();
            }
        }
    }
}
