using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Festa.TestSupport;
using Festa.TestSupport.Http;

namespace Festa.Functions.Tests.Platform;

/// <summary>
/// festa.http, run from top to bottom against the functions the way VS Code's REST Client or Visual Studio
/// would send it (file variables, <c># @name</c> requests, <c>{{name.response.body.$.member}}</c>,
/// <c>{{$randomInt}}</c>, <c>{{$datetime iso8601 n d}}</c>): every answer is documented in docs/openapi.json,
/// and every step succeeds except the ones that show an error on purpose.
/// </summary>
public sealed partial class RestClientWalkthroughTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    private const string LocalOrigin = "http://localhost:7071";

    /// <summary>Steps (by their "### N." number) that demonstrate an error, and the problem they answer with.</summary>
    private static readonly Dictionary<string, (int Status, string Code)> ShownErrors = new()
    {
        ["8"] = (403, "host-role-required"),
        ["19"] = (401, "unauthenticated"),
        ["24"] = (401, "invalid-credentials"),
    };

    [Fact]
    public async Task The_walkthrough_runs_from_top_to_bottom_with_documented_answers()
    {
        var file = RestFile.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "festa.http")));
        var named = new Dictionary<string, TestResponse>(StringComparer.Ordinal);
        var failures = new List<string>();

        Assert.Equal("http://localhost:7071/api", file.Variables["baseUrl"]);
        Assert.Contains(file.Requests, r => r.Name == "login");
        foreach (var request in file.Requests)
        {
            string Resolve(string text) => Placeholder().Replace(text, m => Evaluate(m.Groups[1].Value.Trim(), file, named, Resolve));

            var url = Resolve(request.Url);
            Assert.StartsWith(LocalOrigin + "/", url, StringComparison.Ordinal);
            var path = url[LocalOrigin.Length..];
            var headers = request.Headers.ToDictionary(h => h.Name, h => Resolve(h.Value), StringComparer.OrdinalIgnoreCase);
            headers.Remove("Content-Type", out var contentType);
            var body = request.Body is null ? null : Resolve(request.Body);

            var response = await store.Instance.Client.SendAsync(request.Method, path, body, contentType, headers: headers);

            var step = $"'{request.Title}' ({request.Method} {path})";
            var op = ApiDescription.Repository.Match(request.Method, path);
            if (op is null)
            {
                failures.Add($"{step}: no such operation in docs/openapi.json");
                continue;
            }

            failures.AddRange(op.Disagreements(response).Select(d => $"{step}: {d}"));
            var number = Regex.Match(request.Title, @"^(\d+)\.").Groups[1].Value;
            var expected = ShownErrors.TryGetValue(number, out var error) ? error : ((int Status, string Code)?)null;
            if (expected is { } problem ? response.Status != problem.Status || response.ProblemCode != problem.Code : response.Status is < 200 or >= 300)
            {
                failures.Add($"{step}: unexpected {response}");
            }

            if (request.Name is { } name)
            {
                named[name] = response;
            }
        }

        Assert.Empty(failures);
        Assert.True(file.Requests.Count >= 15, $"only {file.Requests.Count} requests");
    }

    /// <summary>The value of one <c>{{…}}</c>: a system variable, a response of a named request, or a file variable.</summary>
    private static string Evaluate(string expression, RestFile file, Dictionary<string, TestResponse> named, Func<string, string> resolve)
    {
        var parts = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (parts[0])
        {
            case "$randomInt":
                return Random.Shared.Next(int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture))
                    .ToString(CultureInfo.InvariantCulture);
            case "$datetime" when parts is [_, "iso8601", var amount, "d"]:
                return DateTimeOffset.UtcNow.AddDays(int.Parse(amount, CultureInfo.InvariantCulture)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }

        var reference = ResponseReference().Match(expression);
        if (reference.Success)
        {
            Assert.True(named.TryGetValue(reference.Groups["name"].Value, out var response), $"'{expression}' refers to a request not sent before");
            var value = reference.Groups["path"].Value.Split('.').Aggregate(response.Json, (node, member) => node.GetProperty(member));
            return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        }

        Assert.True(file.Variables.TryGetValue(expression, out var variable), $"unknown variable {{{{{expression}}}}}");
        return resolve(variable);
    }

    [GeneratedRegex(@"\{\{(.+?)\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9_-]+)\.response\.body\.\$\.(?<path>[A-Za-z0-9_.]+)$")]
    private static partial Regex ResponseReference();

    private sealed record RestRequest(string Title, string? Name, string Method, string Url, IReadOnlyList<(string Name, string Value)> Headers, string? Body);

    /// <summary>The subset of the REST Client file format festa.http uses.</summary>
    private sealed partial record RestFile(IReadOnlyDictionary<string, string> Variables, IReadOnlyList<RestRequest> Requests)
    {
        public static RestFile Parse(string text)
        {
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            var requests = new List<RestRequest>();
            var blocks = Regex.Split(text.Replace("\r\n", "\n", StringComparison.Ordinal), @"^###", RegexOptions.Multiline);
            foreach (var line in blocks[0].Split('\n'))
            {
                if (Variable().Match(line) is { Success: true } variable)
                {
                    variables[variable.Groups[1].Value] = variable.Groups[2].Value.Trim();
                }
            }

            foreach (var block in blocks.Skip(1))
            {
                var lines = block.Split('\n');
                string? name = null;
                var i = 1;
                for (; i < lines.Length && (lines[i].StartsWith('#') || lines[i].StartsWith("//", StringComparison.Ordinal) || lines[i].Trim().Length == 0); i++)
                {
                    if (NameAnnotation().Match(lines[i]) is { Success: true } annotation)
                    {
                        name = annotation.Groups[1].Value;
                    }
                }

                var requestLine = lines[i].Trim().Split(' ');
                var headers = new List<(string, string)>();
                for (i++; i < lines.Length && lines[i].Trim().Length > 0; i++)
                {
                    var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
                    headers.Add((lines[i][..colon].Trim(), lines[i][(colon + 1)..].Trim()));
                }

                var body = string.Join('\n', lines.Skip(i)).Trim();
                requests.Add(new RestRequest(lines[0].Trim(), name, requestLine[0], requestLine[1], headers, body.Length == 0 ? null : body));
            }

            return new RestFile(variables, requests);
        }

        [GeneratedRegex(@"^@([A-Za-z0-9_]+)\s*=\s*(.*)$")]
        private static partial Regex Variable();

        [GeneratedRegex(@"^#\s*@name\s+([A-Za-z0-9_-]+)\s*$")]
        private static partial Regex NameAnnotation();
    }
}
