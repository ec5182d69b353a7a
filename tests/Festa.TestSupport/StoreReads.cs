using Festa.Core.Events;
using Festa.Core.Members;
using Festa.Core.Notifications;

namespace Festa.TestSupport;

/// <summary>Whole listings straight from the store ports, page by page, for tests that check what is stored.</summary>
public static class StoreReads
{
    /// <summary>Every sign-up record of the event, as the store holds it.</summary>
    public static Task<List<SignUpRecord>> AllParticipantsAsync(this ISignUpStore signUps, string eventId) =>
        AllAsync(after => signUps.ListParticipantsAsync(EventId.FromTrusted(eventId), after, 100, CancellationToken.None));

    /// <summary>Every sign-up record of the event, read through the instance's store.</summary>
    public static Task<List<SignUpRecord>> AllParticipantsAsync(this FestaInstance instance, string eventId) =>
        instance.Get<ISignUpStore>().AllParticipantsAsync(eventId);

    /// <summary>The member's whole inbox, newest first.</summary>
    public static Task<List<Notification>> InboxAsync(this FestaInstance instance, UserId memberId) =>
        AllAsync(after => instance.Get<INotificationStore>().ListAsync(memberId, after, 100, CancellationToken.None));

    private static async Task<List<T>> AllAsync<T>(Func<string?, Task<StorePage<T>>> page)
    {
        var all = new List<T>();
        string? after = null;
        do
        {
            var next = await page(after);
            all.AddRange(next.Items);
            after = next.After;
        }
        while (after is not null);

        return all;
    }
}
