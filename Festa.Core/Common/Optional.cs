namespace Festa.Core.Common;

/// <summary>
/// A field of a partial update (JSON merge patch): absent means "leave as is",
/// present with null means "clear it".
/// </summary>
public readonly record struct Optional<T>(bool IsSet, T? Value)
{
    public static Optional<T> Unset => default;

    public static Optional<T> Of(T? value) => new(true, value);

    public T? Or(T? current) => IsSet ? Value : current;
}
