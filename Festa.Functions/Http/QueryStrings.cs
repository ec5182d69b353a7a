using Festa.Core.Common;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;

namespace Festa.Functions.Http;

/// <summary>
/// The query parameters a route reads, or the problem to answer instead. One rule for every route (docs/api.md,
/// "Query strings"): a parameter given twice (<c>?limit=1&amp;limit=2</c>) or empty (<c>?limit=</c>) is a 400
/// <c>validation</c> naming it; parameters a route does not read are ignored (as HTTP caches and proxies expect).
/// Names match case-insensitively, as ASP.NET Core's query collection does (so <c>?limit=1&amp;Limit=2</c> is repeated).
/// </summary>
public sealed class QueryParameters
{
    private readonly Dictionary<string, string> _values;

    private QueryParameters(Dictionary<string, string> values, ApiResult? problem)
    {
        _values = values;
        Problem = problem;
    }

    /// <summary>The 400 to answer when a named parameter was repeated or empty; null otherwise.</summary>
    public ApiResult? Problem { get; }

    /// <summary>The parameter's value, or null when absent.</summary>
    public string? this[string name] => _values.GetValueOrDefault(name);

    public static QueryParameters Read(HttpRequest request, params ReadOnlySpan<string> names)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new FieldErrors();
        foreach (var name in names)
        {
            var given = request.Query.TryGetValue(name, out var raw) ? raw.ToArray() : [];
            if (given.Length > 1)
            {
                errors.Add(name, "was given more than once; give it once.");
            }
            else if (given.Length == 1 && string.IsNullOrEmpty(given[0]))
            {
                errors.Add(name, "is empty; leave it out or give it a value.");
            }
            else if (given.Length == 1)
            {
                values[name] = given[0]!;
            }
        }

        return new QueryParameters(values, errors.Any ? Problems.From(errors.ToError(), request) : null);
    }
}
