using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Festa.AzureStorage.Tables;

/// <summary>The tables Festa keeps its state in. See docs/data-model.md for keys and the reasons for them.</summary>
public sealed class FestaTables
{
    public FestaTables(TableServiceClient service, IOptions<TableStoreOptions> options)
    {
        var prefix = options.Value.TablePrefix;
        Members = service.GetTableClient(prefix + "Members");
        Sessions = service.GetTableClient(prefix + "Sessions");
        MemberSessions = service.GetTableClient(prefix + "MemberSessions");
        All = [Members, Sessions, MemberSessions];
    }

    /// <summary>PK = user id; RK "profile" (the account) and "login-failures" (the throttle record).</summary>
    public TableClient Members { get; }

    /// <summary>PK = first two hex digits of the session id (256 buckets); RK = session id.</summary>
    public TableClient Sessions { get; }

    /// <summary>PK = user id; RK = session id. Lets a member's sessions be listed and revoked.</summary>
    public TableClient MemberSessions { get; }

    public IReadOnlyList<TableClient> All { get; }
}
