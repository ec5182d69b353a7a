namespace Festa.Core.Events;

/// <summary>The fixed set of event categories (camelCase strings on the wire).</summary>
public enum EventCategory
{
    Concert,
    Exhibition,
    Festival,
    Sports,
    Conference,
    Workshop,
    Other,
}
