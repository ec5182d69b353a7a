using System.Globalization;
using Festa.Core.Common;
using Festa.Core.Members;

namespace Festa.Core.Events.List;

/// <summary>Upcoming events in start-time order, filtered, paged with an opaque cursor.</summary>
public sealed class ListEventsHandler(IEventStore events, TimeProvider time)
{
    public async Task<Result<Page<EventSummary>>> HandleAsync(ListEventsRequest request, CancellationToken cancellationToken)
    {
        var query = Parse(request, time.GetUtcNow());
        if (query.Error is { } error)
        {
            return error;
        }

        var page = await events.ListAsync(query.Value, cancellationToken);
        return new Page<EventSummary>(page.Items.Select(EventSummary.Of).ToList(), Cursor.Encode(page.After));
    }

    public static Result<EventQuery> Parse(ListEventsRequest request, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        EventCategory? category = null;
        if (request.Category is { } rawCategory)
        {
            if (Enum.TryParse<EventCategory>(rawCategory, ignoreCase: true, out var parsed) && !rawCategory.Any(char.IsDigit))
            {
                category = parsed;
            }
            else
            {
                errors.Add("category", $"must be one of {string.Join(", ", Enum.GetNames<EventCategory>().Select(n => n.ToLowerInvariant()))}.");
            }
        }

        var city = TextRules.Optional(errors, "city", request.City, Region.MaxPartLength);
        var district = TextRules.Optional(errors, "district", request.District, Region.MaxPartLength);
        var from = Timestamp(errors, "from", request.From);
        var to = Timestamp(errors, "to", request.To);
        var paging = Paging.Read(errors, request.Limit, request.Cursor);

        if (errors.Any)
        {
            return errors.ToError();
        }

        // Only upcoming events are listed: a 'from' in the past is raised to now.
        var start = from is { } f && f > now ? f : now;
        return new EventQuery(category, city, district, start, to, paging.Limit, paging.After);
    }

    private static DateTimeOffset? Timestamp(FieldErrors errors, string field, string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        // ISO 8601 with an explicit offset or 'Z', as everywhere in the API.
        if (raw.Length is > 10 and < 40 && (raw.EndsWith('Z') || raw[^6] is '+' or '-') &&
            DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value))
        {
            return value.ToUniversalTime();
        }

        errors.Add(field, "must be an ISO 8601 timestamp with an offset, e.g. 2026-12-24T18:00:00Z.");
        return null;
    }
}
