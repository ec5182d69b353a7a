using Festa.Core.Common;
using Festa.Core.Members;

namespace Festa.Core.Events.List;

/// <summary>Upcoming events whose sign-up window is open or still to come, in start-time order, filtered, paged with an opaque cursor.</summary>
public sealed class ListEventsHandler(IEventStore events, TimeProvider time)
{
    public async Task<Result<Page<EventSummary>>> HandleAsync(ListEventsRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var query = Parse(request, now);
        if (query.Error is { } error)
        {
            return error;
        }

        // Events whose sign-ups have closed are left out (a page may then hold fewer items; the cursor still continues).
        var page = await events.ListAsync(query.Value, cancellationToken);
        return new Page<EventSummary>(page.Items.Where(e => e.IsListableAt(now)).Select(EventSummary.Of).ToList(), Cursor.Encode(page.After));
    }

    public static Result<EventQuery> Parse(ListEventsRequest request, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        EventCategory? category = null;
        if (request.Category is { } rawCategory)
        {
            if (EnumNames<EventCategory>.TryParse(rawCategory, out var parsed))
            {
                category = parsed;
            }
            else
            {
                errors.Add("category", EnumNames<EventCategory>.Expected);
            }
        }

        var city = TextRules.Optional(errors, "city", request.City, Region.MaxPartLength);
        var district = TextRules.Optional(errors, "district", request.District, Region.MaxPartLength);
        var from = Timestamp(errors, "from", request.From);
        var to = Timestamp(errors, "to", request.To);
        if (from > to)
        {
            errors.Add("to", "must not be before from.");
        }

        var paging = Paging.Read(errors, request.Limit, request.Cursor, CursorList.Events);

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

        if (Timestamps.TryParse(raw, out var value))
        {
            return value;
        }

        errors.Add(field, Timestamps.Expected);
        return null;
    }
}
