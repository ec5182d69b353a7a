namespace Festa.Core.Common;

/// <summary>
/// A stored value with the store's opaque version (an ETag). Writes that pass the version back
/// succeed only if nobody changed the value in between (optimistic concurrency).
/// </summary>
public sealed record Versioned<T>(T Value, string Version);
