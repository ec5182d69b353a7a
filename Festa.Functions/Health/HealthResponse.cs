namespace Festa.Functions.Health;

public sealed record HealthResponse(string Status, string Store);
