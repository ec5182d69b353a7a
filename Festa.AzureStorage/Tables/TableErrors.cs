using Azure;

namespace Festa.AzureStorage.Tables;

internal static class TableErrors
{
    public static bool IsConflict(this RequestFailedException e) => e.Status == 409;

    public static bool IsNotFound(this RequestFailedException e) => e.Status == 404;

    public static bool IsPreconditionFailed(this RequestFailedException e) => e.Status == 412;
}
