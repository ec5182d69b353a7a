using System.Globalization;
using System.Text.Json;
using Festa.TestSupport;
using Festa.TestSupport.Http;

namespace Festa.Functions.Tests.Platform;

/// <summary>docs/openapi.json, read the way the tests need it: operations with their references resolved.</summary>
internal sealed class ApiDescription
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private ApiDescription(string text)
    {
        Text = text;
        Root = JsonDocument.Parse(text).RootElement.Clone();
        Schemas = new JsonSchemaCheck(Root);
        Operations = Root.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(member => Methods.Contains(member.Name))
                .Select(member => new ApiOperation(this, member.Name.ToUpperInvariant(), path.Name, path.Value, member.Value)))
            .ToList();
    }

    public static string FilePath { get; } = Path.Combine(RepositoryPaths.Root, "docs", "openapi.json");

    public static ApiDescription Repository { get; } = new(File.ReadAllText(FilePath));

    public string Text { get; }

    public JsonElement Root { get; }

    public JsonSchemaCheck Schemas { get; }

    public IReadOnlyList<ApiOperation> Operations { get; }

    public ApiOperation this[string key] => Operations.Single(o => o.Key == key);

    /// <summary>The operation a concrete request goes to: literal segments beat parameters, as in the host's routing.</summary>
    public ApiOperation? Match(string method, string path)
    {
        var segments = path.Split('?')[0].Split('/');
        return Operations
            .Where(o => o.Method == method)
            .Select(o => (Operation: o, Template: o.Path.Split('/')))
            .Where(c => c.Template.Length == segments.Length &&
                c.Template.Zip(segments).All(p => p.First.StartsWith('{') || string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(c => c.Template.Count(t => !t.StartsWith('{')))
            .Select(c => c.Operation)
            .FirstOrDefault();
    }

    public static IEnumerable<JsonProperty> MembersOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.EnumerateObject() : Enumerable.Empty<JsonProperty>();

    public JsonElement Resolve(JsonElement element) => Schemas.Resolve(element);

    /// <summary>Every example in the document with the schema it illustrates.</summary>
    public IEnumerable<(string Where, JsonElement Schema, JsonElement Value)> Examples()
    {
        foreach (var operation in Operations)
        {
            foreach (var parameter in operation.Parameters.Where(p => p.TryGetProperty("example", out _)))
            {
                yield return ($"{operation.Key} parameter {parameter.GetProperty("name")}", parameter.GetProperty("schema"), parameter.GetProperty("example"));
            }

            var media = operation.RequestBody is { } body
                ? body.GetProperty("content").EnumerateObject().Select(m => ($"{operation.Key} request {m.Name}", m.Value))
                : [];
            media = media.Concat(operation.Responses.SelectMany(response =>
                response.Value.TryGetProperty("content", out var content)
                    ? content.EnumerateObject().Select(m => ($"{operation.Key} {response.Key} {m.Name}", m.Value))
                    : []));
            foreach (var (where, mediaType) in media)
            {
                foreach (var (name, value) in ExamplesOf(mediaType))
                {
                    yield return ($"{where} example '{name}'", mediaType.GetProperty("schema"), value);
                }
            }
        }
    }

    /// <summary>The named example values of a media type (or parameter) object.</summary>
    public IEnumerable<(string Name, JsonElement Value)> ExamplesOf(JsonElement mediaType) =>
        mediaType.TryGetProperty("examples", out var examples)
            ? examples.EnumerateObject().Select(e => (e.Name, Resolve(e.Value).GetProperty("value")))
            : [];
}

/// <summary>One method of one path in the API description.</summary>
internal sealed class ApiOperation(ApiDescription document, string method, string path, JsonElement pathItem, JsonElement node)
{
    public string Method { get; } = method;

    public string Path { get; } = path;

    /// <summary>"POST /api/events/{id}/signups".</summary>
    public string Key => $"{Method} {Path}";

    public JsonElement Node { get; } = node;

    public string Id => Node.GetProperty("operationId").GetString()!;

    /// <summary>Path-level and operation-level parameters, resolved.</summary>
    public IReadOnlyList<JsonElement> Parameters { get; } =
        (pathItem.TryGetProperty("parameters", out var shared) ? shared.EnumerateArray().ToList() : [])
        .Concat(node.TryGetProperty("parameters", out var own) ? own.EnumerateArray().ToList() : [])
        .Select(document.Resolve)
        .ToList();

    public JsonElement? RequestBody => Node.TryGetProperty("requestBody", out var body) ? document.Resolve(body) : null;

    /// <summary>Status code → resolved response object.</summary>
    public IReadOnlyDictionary<string, JsonElement> Responses =>
        Node.GetProperty("responses").EnumerateObject().ToDictionary(r => r.Name, r => document.Resolve(r.Value), StringComparer.Ordinal);

    /// <summary>The security requirements in force: the operation's own, else the document's.</summary>
    public IReadOnlyList<JsonElement> Security =>
        (Node.TryGetProperty("security", out var own) ? own : document.Root.TryGetProperty("security", out var global) ? global : default) is
        { ValueKind: JsonValueKind.Array } requirements
            ? requirements.EnumerateArray().ToList()
            : [];

    /// <summary>A session is required: some requirement applies and none of them is the empty (anonymous) one.</summary>
    public bool RequiresSession => Security.Count > 0 && Security.All(r => r.EnumerateObject().Any());

    /// <summary>Anonymous only: the operation declares no requirement at all.</summary>
    public bool IsPublic => Security.Count == 0;

    /// <summary>
    /// The operation has a 403 of its own (the host's or owner's operations): not only <c>cross-site-request</c>, which
    /// every unsafe cookie request may get (checked for all of them by OpenApiTests).
    /// </summary>
    public bool HasOwnForbidden => ProblemCodes("403").Any(code => code != "cross-site-request");

    /// <summary>Client errors the operation documents beyond the ones every caller may get without a session or from another origin.</summary>
    public bool HasOwnClientErrors => Responses.Keys.Any(s => s.StartsWith('4') && s != "401" && (s != "403" || HasOwnForbidden));

    /// <summary>The problem types a documented error response allows ("event-full", …).</summary>
    public IEnumerable<string> ProblemCodes(string status) =>
        Responses.TryGetValue(status, out var response) && response.TryGetProperty("content", out var content) &&
        content.TryGetProperty("application/problem+json", out var media) &&
        media.GetProperty("schema").TryGetProperty("properties", out var properties) &&
        properties.TryGetProperty("type", out var type) && type.TryGetProperty("enum", out var allowed)
            ? allowed.EnumerateArray().Select(t => t.GetString()!.Split('/')[^1])
            : [];

    /// <summary>What the document says about this answer that the answer breaks: status, required headers, content type, body schema.</summary>
    public List<string> Disagreements(TestResponse response)
    {
        var status = response.Status.ToString(CultureInfo.InvariantCulture);
        if (!Responses.TryGetValue(status, out var documented))
        {
            return [$"{Key}: status {status} is not documented: {response}"];
        }

        var failures = new List<string>();
        foreach (var header in ApiDescription.MembersOf(documented, "headers"))
        {
            if (document.Resolve(header.Value).TryGetProperty("required", out var required) && required.GetBoolean() && response.Header(header.Name) is null)
            {
                failures.Add($"{Key} {status}: header {header.Name} is missing");
            }
        }

        if (!documented.TryGetProperty("content", out var content))
        {
            if (response.Body.Length > 0)
            {
                failures.Add($"{Key}: {status} is documented without a body: {response}");
            }

            return failures;
        }

        var mediaType = response.ContentType?.Split(';')[0].Trim();
        if (mediaType is null || !content.TryGetProperty(mediaType, out var media))
        {
            failures.Add($"{Key}: content type {response.ContentType} is not documented for {status}");
            return failures;
        }

        if (!IsJsonMedia(mediaType))
        {
            // Raw bytes (a poster image): the content type is all there is to check.
            return failures;
        }

        failures.AddRange(document.Schemas.Validate(media.GetProperty("schema"), response.Json).Select(error => $"{Key} {status}: {error} in {response}"));
        return failures;
    }

    /// <summary>application/json, application/problem+json and the like; not images.</summary>
    public static bool IsJsonMedia(string? contentType) =>
        contentType?.Split(';')[0].Trim() is { } media && (media == "application/json" || media.EndsWith("+json", StringComparison.Ordinal));

    public override string ToString() => Key;
}
