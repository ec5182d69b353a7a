using Azure.Data.Tables;
using Festa.Core.Common;
using Festa.Core.Members;

namespace Festa.AzureStorage.Tables.Members;

/// <summary>
/// Members on Table Storage. The account and its failed-login record share a partition (the user id),
/// so a login reads both with one partition query.
/// </summary>
internal sealed class TableMemberStore(FestaTables tables) : IMemberStore
{
    private TableClient Table => tables.Members;

    public async Task<bool> TryAddAsync(Member member, CancellationToken cancellationToken)
    {
        // OwnWrites: an SDK retry of our own applied insert is not "user id taken".
        return await Table.TryAddAsync(MemberRows.ToRow(member), cancellationToken);
    }

    public async Task<Versioned<Member>?> FindAsync(UserId userId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(userId.Value, MemberRows.ProfileKey,
            cancellationToken: cancellationToken);
        return row.HasValue ? MemberRows.ToMember(row.Value!) : null;
    }

    public async Task<bool> TryReplaceAsync(Member member, string version, CancellationToken cancellationToken)
    {
        // OwnWrites: an SDK retry of our own applied replace (a password change, a withdrawal step) is not a lost race.
        return await Table.TryReplaceVersionedAsync(MemberRows.ToRow(member), version, cancellationToken) is not null;
    }

    public async Task<Versioned<Member>?> FindForLoginAsync(UserId userId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {userId.Value} and RowKey eq {MemberRows.ProfileKey}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1, cancellationToken: cancellationToken))
        {
            return MemberRows.ToMember(row);
        }

        return null;
    }
}
