using System.Text.Json;

namespace Festa.Functions.Tests.Platform;

/// <summary>
/// The schema checker the OpenAPI tests rely on must refuse what breaks a schema: if it accepted everything,
/// every "the response matches docs/openapi.json" assertion would pass. One violating and one valid value per keyword.
/// </summary>
public sealed class JsonSchemaCheckTests
{
    private static readonly JsonElement Root = JsonDocument.Parse("""
        {
          "components": {
            "schemas": {
              "Seat": {
                "type": "object",
                "required": ["id", "count"],
                "properties": { "id": { "type": "string", "pattern": "^[a-z]+$" }, "count": { "type": "integer", "minimum": 0, "maximum": 5 } },
                "additionalProperties": false
              }
            }
          }
        }
        """).RootElement;

    private static List<string> Check(string schema, string value) =>
        new JsonSchemaCheck(Root).Validate(JsonDocument.Parse(schema).RootElement, JsonDocument.Parse(value).RootElement);

    [Theory]
    [InlineData("""{"type":"string"}""", "12", "expected string")]
    [InlineData("""{"type":"integer"}""", "1.5", "expected integer")]
    [InlineData("""{"type":["string","null"]}""", "true", "expected string or null")]
    [InlineData("""{"enum":["a","b"]}""", "\"c\"", "is not one of")]
    [InlineData("""{"const":"a"}""", "\"b\"", "is not \"a\"")]
    [InlineData("""{"required":["id"]}""", "{}", "required member 'id' is missing")]
    [InlineData("""{"properties":{"n":{"type":"integer"}}}""", """{"n":"x"}""", "$.n: expected integer")]
    [InlineData("""{"properties":{"n":{}},"additionalProperties":false}""", """{"n":1,"m":2}""", "$.m: no value is allowed here")]
    [InlineData("""{"items":{"type":"string"}}""", """["a",1]""", "$[1]: expected string")]
    [InlineData("""{"minItems":2}""", """["a"]""", "fewer than 2 items")]
    [InlineData("""{"minLength":3}""", "\"ab\"", "breaks minLength 3")]
    [InlineData("""{"maxLength":1}""", "\"ab\"", "breaks maxLength 1")]
    [InlineData("""{"pattern":"^[0-9]+$"}""", "\"12a\"", "does not match")]
    [InlineData("""{"minimum":1}""", "0", "breaks minimum 1")]
    [InlineData("""{"maximum":1}""", "2", "breaks maximum 1")]
    [InlineData("""{"format":"date-time"}""", "\"2026-11-30 10:00\"", "is not a date-time")]
    [InlineData("""{"format":"email"}""", "\"not-an-address\"", "is not a email")]
    [InlineData("""{"allOf":[{"type":"string"},{"minLength":2}]}""", "\"a\"", "breaks minLength 2")]
    [InlineData("""{"anyOf":[{"type":"string"},{"type":"integer"}]}""", "true", "matches 0 of the anyOf alternatives")]
    [InlineData("""{"oneOf":[{"type":"number"},{"type":"integer"}]}""", "3", "matches 2 of the oneOf alternatives")]
    [InlineData("""{"$ref":"#/components/schemas/Seat"}""", """{"id":"Abc","count":9,"extra":1}""", "does not match")]
    [InlineData("""{"$ref":"#/components/schemas/Seat"}""", """{"id":"abc","count":9}""", "breaks maximum 5")]
    [InlineData("""{"$ref":"#/components/schemas/Seat"}""", """{"id":"abc"}""", "required member 'count' is missing")]
    [InlineData("""{"$ref":"#/components/schemas/Seat"}""", """{"id":"abc","count":1,"extra":1}""", "$.extra: no value is allowed here")]
    [InlineData("""{"multipleOf":2}""", "3", "does not understand")]
    public void A_value_that_breaks_the_schema_is_reported(string schema, string value, string expected)
    {
        var errors = Check(schema, value);

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"type":["string","null"]}""", "null")]
    [InlineData("""{"type":"integer","minimum":0,"maximum":5}""", "5")]
    [InlineData("""{"enum":["a","b"]}""", "\"b\"")]
    [InlineData("""{"format":"date-time"}""", "\"2026-11-30T10:00:00Z\"")]
    [InlineData("""{"format":"email"}""", "\"ana@example.com\"")]
    [InlineData("""{"items":{"type":"string"},"minItems":1}""", """["a"]""")]
    [InlineData("""{"oneOf":[{"type":"string"},{"type":"integer"}]}""", "3")]
    [InlineData("""{"$ref":"#/components/schemas/Seat","description":"annotations are ignored"}""", """{"id":"abc","count":0}""")]
    public void A_value_that_fits_the_schema_has_no_errors(string schema, string value) =>
        Assert.Empty(Check(schema, value));
}
