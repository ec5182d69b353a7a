namespace Festa.Functions.Health;

/// <summary>Only "healthy": anonymous callers learn nothing about the store or its errors.</summary>
public sealed record HealthResponse(string Status);
