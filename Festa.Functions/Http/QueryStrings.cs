using Microsoft.AspNetCore.Http;

namespace Festa.Functions.Http;

public static class QueryStrings
{
    /// <summary>The parameter's value, or null when absent; repeated parameters arrive comma-joined (and fail validation).</summary>
    public static string? QueryValue(this HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null;
}
