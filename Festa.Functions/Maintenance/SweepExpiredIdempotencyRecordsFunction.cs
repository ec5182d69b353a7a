using Festa.Core.Common;
using Festa.Core.Idempotency;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Maintenance;

/// <summary>Table Storage has no TTL: once an hour, delete idempotency records past their retention.</summary>
public sealed class SweepExpiredIdempotencyRecordsFunction(ExpirySweeper sweeper, IIdempotencyStore store)
{
    [Function("SweepExpiredIdempotencyRecords")]
    public Task RunAsync([TimerTrigger("0 37 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(store, "idempotency records", cancellationToken);
}
