using Festa.Core.Common;

namespace Festa.Core.Events;

/// <summary>What makes an event's details valid, shared by create and update.</summary>
public static class EventRules
{
    public const int MaxTitleLength = 120;
    public const int MaxDescriptionLength = 4_000;
    public const int MinCapacity = 1;
    public const int MaxCapacity = 100_000;

    public static string? Title(FieldErrors errors, string? value) => TextRules.Required(errors, "title", value, MaxTitleLength);

    public static string Description(FieldErrors errors, string? value) =>
        TextRules.Optional(errors, "description", value, MaxDescriptionLength, multiline: true) ?? string.Empty;

    public static void Capacity(FieldErrors errors, int capacity)
    {
        if (capacity is < MinCapacity or > MaxCapacity)
        {
            errors.Add("capacity", $"must be between {MinCapacity} and {MaxCapacity:N0}.");
        }
    }

    /// <summary>An event ends after it starts; a new or moved start must lie in the future.</summary>
    public static void Schedule(FieldErrors errors, DateTimeOffset startsAt, DateTimeOffset endsAt, bool startChanged, DateTimeOffset now)
    {
        if (endsAt <= startsAt)
        {
            errors.Add("endsAt", "must be after startsAt.");
        }

        if (startChanged && startsAt <= now)
        {
            errors.Add("startsAt", "must be in the future.");
        }
    }
}
