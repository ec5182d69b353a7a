namespace Festa.Core.Common;

/// <summary>Collects validation messages per field so a client can fix everything in one go.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private bool _invalidCursor;

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            messages = [];
            _errors[field] = messages;
        }

        messages.Add(message);
    }

    /// <summary>A cursor the API did not return: the whole answer becomes <c>invalid-cursor</c> (with every field's errors).</summary>
    public void AddInvalidCursor(string field, string message)
    {
        _invalidCursor = true;
        Add(field, message);
    }

    public Error ToError()
    {
        var fields = _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        return _invalidCursor ? CommonErrors.InvalidCursor(fields) : CommonErrors.Validation(fields);
    }
}
