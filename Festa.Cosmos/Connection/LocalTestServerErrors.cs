using System.Net;
using System.Text;
using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos.Connection;

/// <summary>
/// How the local Cosmos DB test server (@vercel/cosmosdb-server 1.0.1, tests and <c>run.sh --store cosmos</c> only)
/// answers a point read of a missing item: not 404 but 500, because its read handler dereferences the missing
/// document (<c>lib/handler/read-document.js</c>: <c>data[path]</c> with <c>data</c> undefined) and its router turns
/// the TypeError into <c>{"message":"Cannot read properties of undefined (reading 'pk')"}</c>. Only that answer
/// means "missing"; any other 500 is a server fault and must surface, so "is absent" checks stay meaningful.
/// </summary>
public static class LocalTestServerErrors
{
    /// <summary>The TypeError text for Festa's partition key path (<c>/pk</c>), as Node.js 16+ words it.</summary>
    public const string MissingItemMessage = "Cannot read properties of undefined (reading 'pk')";

    /// <summary>True for the test server's "missing item" 500 (reads the error body; the response is spent).</summary>
    public static bool IsMissingItem(ResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode != HttpStatusCode.InternalServerError)
        {
            return false;
        }

        if (response.ErrorMessage?.Contains(MissingItemMessage, StringComparison.Ordinal) == true)
        {
            return true;
        }

        if (response.Content is not { CanRead: true } content)
        {
            return false;
        }

        using var reader = new StreamReader(content, Encoding.UTF8, leaveOpen: true);
        return reader.ReadToEnd().Contains(MissingItemMessage, StringComparison.Ordinal);
    }
}
