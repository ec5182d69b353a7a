using Festa.Core.Idempotency;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Maintenance;

/// <summary>Table Storage has no TTL: once an hour, delete idempotency records past their retention.</summary>
public sealed class SweepExpiredIdempotencyRecordsFunction(ExpiredIdempotencyRecordSweeper sweeper)
{
    [Function("SweepExpiredIdempotencyRecords")]
    public Task RunAsync([TimerTrigger("0 37 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(cancellationToken);
}
