using System.Globalization;
using System.Text;

namespace Festa.Core.Common;

/// <summary>
/// Checks shared by every free-text field: present, bounded, printable, and in Unicode Normalization Form C.
/// NFC (UAX #15) makes "é" one value whether a client sent U+00E9 or "e" + U+0301, so what is compared or indexed
/// (city, district, title uniqueness) matches however it was typed.
/// </summary>
public static class TextRules
{
    /// <summary>Validates a required text field and returns it trimmed and NFC-normalised, or null after recording the error.</summary>
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
    /// <remarks>
    /// Refused: control characters (Unicode category Cc; tab and line breaks allowed when <paramref name="multiline"/>),
    /// line and paragraph separators (U+2028, U+2029) unless multiline, noncharacters (U+FDD0–U+FDEF, U+xxFFFE/F)
    /// and unpaired surrogates (not text at all). The length limit counts UTF-16 code units after normalisation.
    /// </remarks>
    public static string? Optional(FieldErrors errors, string field, string? value, int maxLength, bool multiline = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (!IsText(trimmed, multiline))
        {
            errors.Add(field, "must not contain control characters, separators or invalid Unicode.");
            return null;
        }

        var normalized = trimmed.IsNormalized(NormalizationForm.FormC) ? trimmed : trimmed.Normalize(NormalizationForm.FormC);
        if (normalized.Length > maxLength)
        {
            errors.Add(field, $"must be at most {maxLength} characters.");
            return null;
        }

        return normalized;
    }

    private static bool IsText(string value, bool multiline)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (!Rune.TryGetRuneAt(value, i, out var rune))
            {
                return false; // an unpaired surrogate
            }

            i += rune.Utf16SequenceLength - 1;
            var allowedWhitespace = multiline && rune.Value is '\n' or '\r' or '\t' or 0x2028 or 0x2029;
            var category = Rune.GetUnicodeCategory(rune);
            if (!allowedWhitespace &&
                (category is UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator || IsNoncharacter(rune.Value)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsNoncharacter(int codePoint) => codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;
}
