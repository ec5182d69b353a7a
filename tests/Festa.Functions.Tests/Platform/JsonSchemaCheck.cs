using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Festa.Functions.Tests.Platform;

/// <summary>
/// A small JSON Schema (2020-12) checker for the subset docs/openapi.json uses. A keyword it does not know
/// is reported as an error rather than ignored, so the document cannot drift into schemas that are never checked.
/// </summary>
internal sealed class JsonSchemaCheck(JsonElement root)
{
    private static readonly HashSet<string> Annotations =
        ["description", "title", "examples", "default", "deprecated", "readOnly", "writeOnly", "$comment"];

    /// <returns>What does not match, one line per problem; empty when the value is valid.</returns>
    public List<string> Validate(JsonElement schema, JsonElement value, string at = "$")
    {
        var errors = new List<string>();
        Check(schema, value, at, errors);
        return errors;
    }

    /// <summary>Follows a local <c>$ref</c> ("#/components/…") if the element is a reference.</summary>
    public JsonElement Resolve(JsonElement element)
    {
        while (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference))
        {
            element = Pointer(reference.GetString()!);
        }

        return element;
    }

    public JsonElement Pointer(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Only local references are supported: {reference}");
        }

        var node = root;
        foreach (var part in reference[2..].Split('/'))
        {
            var name = part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (!node.TryGetProperty(name, out node))
            {
                throw new InvalidOperationException($"Dangling reference: {reference}");
            }
        }

        return node;
    }

    private void Check(JsonElement schema, JsonElement value, string at, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{at}: no value is allowed here");
            return;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            var rule = keyword.Value;
            switch (keyword.Name)
            {
                case "$ref":
                    Check(Pointer(rule.GetString()!), value, at, errors);
                    break;
                case "type":
                    var types = rule.ValueKind == JsonValueKind.Array ? rule.EnumerateArray().Select(t => t.GetString()!).ToList() : [rule.GetString()!];
                    if (!types.Any(t => HasType(value, t)))
                    {
                        errors.Add($"{at}: expected {string.Join(" or ", types)}, got {value.ValueKind}");
                    }

                    break;
                case "enum":
                    if (!rule.EnumerateArray().Any(allowed => JsonElement.DeepEquals(allowed, value)))
                    {
                        errors.Add($"{at}: {value.GetRawText()} is not one of {rule.GetRawText()}");
                    }

                    break;
                case "const":
                    if (!JsonElement.DeepEquals(rule, value))
                    {
                        errors.Add($"{at}: {value.GetRawText()} is not {rule.GetRawText()}");
                    }

                    break;
                case "properties":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var property in rule.EnumerateObject())
                        {
                            if (value.TryGetProperty(property.Name, out var member))
                            {
                                Check(property.Value, member, $"{at}.{property.Name}", errors);
                            }
                        }
                    }

                    break;
                case "required":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var name in rule.EnumerateArray().Select(n => n.GetString()!).Where(n => !value.TryGetProperty(n, out _)))
                        {
                            errors.Add($"{at}: required member '{name}' is missing");
                        }
                    }

                    break;
                case "additionalProperties":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        var declared = schema.TryGetProperty("properties", out var properties)
                            ? properties.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal)
                            : [];
                        foreach (var member in value.EnumerateObject().Where(m => !declared.Contains(m.Name)))
                        {
                            Check(rule, member.Value, $"{at}.{member.Name}", errors);
                        }
                    }

                    break;
                case "items":
                    if (value.ValueKind == JsonValueKind.Array)
                    {
                        var i = 0;
                        foreach (var item in value.EnumerateArray())
                        {
                            Check(rule, item, $"{at}[{i++}]", errors);
                        }
                    }

                    break;
                case "minItems":
                    if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() < rule.GetInt32())
                    {
                        errors.Add($"{at}: fewer than {rule.GetInt32()} items");
                    }

                    break;
                case "minLength" or "maxLength":
                    if (value.ValueKind == JsonValueKind.String)
                    {
                        var length = value.GetString()!.Length;
                        if (keyword.Name == "minLength" ? length < rule.GetInt32() : length > rule.GetInt32())
                        {
                            errors.Add($"{at}: length {length} breaks {keyword.Name} {rule.GetInt32()}");
                        }
                    }

                    break;
                case "pattern":
                    if (value.ValueKind == JsonValueKind.String && !Regex.IsMatch(value.GetString()!, rule.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)))
                    {
                        errors.Add($"{at}: '{value.GetString()}' does not match {rule.GetString()}");
                    }

                    break;
                case "minimum" or "maximum":
                    if (value.ValueKind == JsonValueKind.Number &&
                        (keyword.Name == "minimum" ? value.GetDecimal() < rule.GetDecimal() : value.GetDecimal() > rule.GetDecimal()))
                    {
                        errors.Add($"{at}: {value.GetRawText()} breaks {keyword.Name} {rule.GetRawText()}");
                    }

                    break;
                case "format":
                    if (value.ValueKind == JsonValueKind.String && !HasFormat(value.GetString()!, rule.GetString()!))
                    {
                        errors.Add($"{at}: '{value.GetString()}' is not a {rule.GetString()}");
                    }

                    break;
                case "allOf":
                    foreach (var part in rule.EnumerateArray())
                    {
                        Check(part, value, at, errors);
                    }

                    break;
                case "anyOf" or "oneOf":
                    var matching = rule.EnumerateArray().Count(part => Validate(part, value, at).Count == 0);
                    if (matching == 0 || (keyword.Name == "oneOf" && matching > 1))
                    {
                        errors.Add($"{at}: {value.GetRawText()} matches {matching} of the {keyword.Name} alternatives");
                    }

                    break;
                default:
                    if (!Annotations.Contains(keyword.Name))
                    {
                        errors.Add($"{at}: the schema uses '{keyword.Name}', which this checker does not understand");
                    }

                    break;
            }
        }
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && decimal.Truncate(d) == d,
        _ => throw new InvalidOperationException($"Unknown JSON Schema type '{type}'."),
    };

    private static bool HasFormat(string text, string format) => format switch
    {
        // RFC 3339 date-time: a date, 'T', a time and 'Z' or an offset.
        "date-time" => Regex.IsMatch(text, @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.None, TimeSpan.FromSeconds(1)) &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _),
        "email" => System.Net.Mail.MailAddress.TryCreate(text, out var address) && address.Address == text,
        _ => throw new InvalidOperationException($"Unknown format '{format}'."),
    };
}
