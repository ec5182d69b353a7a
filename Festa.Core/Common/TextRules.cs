namespace Festa.Core.Common;

/// <summary>Checks shared by every free-text field: present, bounded, and printable.</summary>
public static class TextRules
{
    /// <summary>Validates a required text field and returns it trimmed, or null after recording the error.</summary>
    public static string? Required(FieldErrors errors, string field, string? value, int maxLength, bool multiline = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "is required.");
            return null;
        }

        return Optional(errors, field, value, maxLength, multiline);
    }

    /// <summary>Validates an optional text field; blank becomes null.</summary>
    public static string? Optional(FieldErrors errors, string field, string? value, int maxLength, bool multiline = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            errors.Add(field, $"must be at most {maxLength} characters.");
            return null;
        }

        if (trimmed.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
        {
            errors.Add(field, "must not contain control characters.");
            return null;
        }

        return trimmed;
    }
}
