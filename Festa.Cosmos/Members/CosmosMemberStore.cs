using System.Net;
using Festa.Core.Common;
using Festa.Core.Members;
using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos.Members;

/// <summary>
/// Members on Cosmos DB. The account and its failed-login record share a logical partition (the user id),
/// so a login reads both with one single-partition query.
/// </summary>
internal sealed class CosmosMemberStore(FestaContainers containers) : IMemberStore
{
    private Container Container => containers.Members;

    public async Task<bool> TryAddAsync(Member member, CancellationToken cancellationToken)
    {
        try
        {
            // Create fails with 409 when the id exists in the partition: the user id is taken.
            await Container.CreateItemAsync(MemberDocument.From(member), new PartitionKey(member.UserId.Value), cancellationToken: cancellationToken);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public async Task<Versioned<Member>?> FindAsync(UserId userId, CancellationToken cancellationToken) =>
        await containers.ReadAsync(Container, MemberDocument.Key, userId.Value, cancellationToken) is { } doc
            ? new Versioned<Member>(doc.To<MemberDocument>().ToMember(), doc.ETag())
            : null;

    public async Task<bool> TryReplaceAsync(Member member, string version, CancellationToken cancellationToken)
    {
        try
        {
            await Container.ReplaceItemAsync(MemberDocument.From(member), MemberDocument.Key, new PartitionKey(member.UserId.Value),
                new ItemRequestOptions { IfMatchEtag = version }, cancellationToken);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed || e.IsMissing())
        {
            return false;
        }
    }

    public async Task<Versioned<Member>?> FindForLoginAsync(UserId userId, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.pk = @pk AND c.id = @id")
            .WithParameter("@pk", userId.Value).WithParameter("@id", MemberDocument.Key);
        return (await FestaContainers.QueryAsync(Container, query, userId.Value, cancellationToken, max: 1)).Select(doc =>
            new Versioned<Member>(doc.To<MemberDocument>().ToMember(), doc.ETag())).FirstOrDefault();
    }
}
