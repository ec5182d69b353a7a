using Microsoft.Extensions.Configuration;

namespace Festa.AzureStorage.Blobs;

/// <summary>Configuration section <c>Festa:Blob</c>: where blobs (event posters) are kept in the storage account.</summary>
public sealed class BlobStoreOptions
{
    public const string Section = "Festa:Blob";

    /// <summary>
    /// The posters' container. Unset: the table prefix (<c>Festa:Table:TablePrefix</c>, default "Festa") in lower case
    /// followed by "-posters", so deployments (and test runs) that share an account keep their posters apart.
    /// </summary>
    public string? PosterContainer { get; set; }

    public static string PosterContainerName(IConfiguration configuration) =>
        configuration[$"{Section}:{nameof(PosterContainer)}"] is { Length: > 0 } name
            ? name
            : (configuration["Festa:Table:TablePrefix"] is { Length: > 0 } prefix ? prefix : "Festa").ToLowerInvariant() + "-posters";
}
