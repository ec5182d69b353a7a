namespace Festa.Core;

/// <summary>
/// Implemented by each store adapter: recognises its SDK's exceptions that mean "overloaded or
/// unreachable, try again" (after the SDK's own retries gave up), as opposed to a bug.
/// </summary>
public interface ITransientFailureClassifier
{
    bool IsTransient(Exception exception);
}
