using Azure;
using Festa.Core;

namespace Festa.AzureStorage.Tables;

internal sealed class TableTransientFailureClassifier : ITransientFailureClassifier
{
    public bool IsTransient(Exception exception) => exception switch
    {
        RequestFailedException { Status: 0 or 408 or 429 or 500 or 502 or 503 or 504 } => true,
        HttpRequestException or TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsTransient),
        _ => false,
    };
}
