namespace Festa.Core.Common;

/// <summary>The outcome of a use case: a value or an <see cref="Error"/>, never both.</summary>
public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Error? error)
    {
        _value = value;
        Error = error;
    }

    public Error? Error { get; }

    public bool IsSuccess => Error is null;

    public T Value => Error is null
        ? _value!
        : throw new InvalidOperationException($"The result is an error ({Error.Code}); it has no value.");

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Error error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));

    public Result<TOut> Map<TOut>(Func<T, TOut> map) => Error is null ? map(_value!) : Error;
}

/// <summary>A use case outcome that carries no value.</summary>
public readonly struct Result
{
    private Result(Error? error) => Error = error;

    public static Result Success { get; } = new(null);

    public Error? Error { get; }

    public bool IsSuccess => Error is null;

    public static implicit operator Result(Error error) => new(error ?? throw new ArgumentNullException(nameof(error)));
}
