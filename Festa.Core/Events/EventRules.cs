using Festa.Core.Common;

namespace Festa.Core.Events;

/// <summary>What makes an event's details valid, shared by create and update.</summary>
public static class EventRules
{
    public const int MaxTitleLength = 120;
    public const int MaxDescriptionLength = 4_000;
    public const int MinCapacity = 1;
    public const int MaxCapacity = 100_000;

    /// <summary>
    /// Most members one waiting list holds (and the default of <c>maxWaitlist</c>). A position is the count of waiting
    /// entries ahead, read as one key range of keys only, so this bounds that read (docs/concurrency.md, "Waiting list").
    /// </summary>
    public const int MaxWaitlistCap = 5_000;

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

    public static void MaxWaitlist(FieldErrors errors, int? maxWaitlist)
    {
        if (maxWaitlist is < 0 or > MaxWaitlistCap)
        {
            errors.Add("maxWaitlist", $"must be between 0 and {MaxWaitlistCap:N0}.");
        }
    }

    /// <summary>Sign-ups open before they close, and close no later than the start: opens &lt; closes ≤ startsAt.</summary>
    public static void Window(FieldErrors errors, DateTimeOffset? opensAt, DateTimeOffset? closesAt, DateTimeOffset startsAt)
    {
        if (closesAt is { } closes && closes > startsAt)
        {
            errors.Add("signUpClosesAt", "must not be after startsAt.");
        }

        if (opensAt is { } opens && opens >= (closesAt ?? startsAt))
        {
            errors.Add("signUpOpensAt", closesAt is null ? "must be before startsAt." : "must be before signUpClosesAt.");
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
