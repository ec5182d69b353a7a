using System.ComponentModel.DataAnnotations;

namespace Festa.AzureStorage.Tables;

/// <summary>Configuration section <c>Festa:Table</c>.</summary>
public sealed class TableStoreOptions
{
    public const string Section = "Festa:Table";

    /// <summary>Prepended to every table name; lets several deployments (or test runs) share an account.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,29}$")]
    public string TablePrefix { get; set; } = "Festa";

    /// <summary>Create missing tables at startup (Azurite, fresh accounts). Infrastructure creates them in Azure.</summary>
    public bool CreateTablesOnStartup { get; set; } = true;
}
