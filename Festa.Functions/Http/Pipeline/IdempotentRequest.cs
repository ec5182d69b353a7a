namespace Festa.Functions.Http.Pipeline;

/// <summary>
/// On the HttpContext's features while a function runs under an idempotency key: <see cref="OperationId"/> is the
/// same on every run for that (caller, key), so a store can recognise a write of an earlier run as its own.
/// </summary>
public sealed record IdempotentRequest(string OperationId);
