namespace Festa.Core.Events;

/// <summary>An event's id: 32 lower-case hex digits (a random GUID), which also makes it a safe storage key.</summary>
public readonly record struct EventId
{
    private EventId(string value) => Value = value;

    public string Value { get; }

    public static EventId New() => new(Guid.NewGuid().ToString("N"));

    public static bool TryParse(string? raw, out EventId id)
    {
        id = default;
        if (raw is not { Length: 32 } || !raw.All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        id = new EventId(raw);
        return true;
    }

    public static EventId FromTrusted(string value) =>
        TryParse(value, out var id) ? id : throw new FormatException($"'{value}' is not a valid event id.");

    public override string ToString() => Value;
}
