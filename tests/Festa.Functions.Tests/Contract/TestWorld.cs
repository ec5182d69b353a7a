using System.Text;
using Festa.Core.Members;
using Festa.Core.Notifications;
using Festa.TestSupport;

namespace Festa.Functions.Tests.Contract;

/// <summary>
/// A host with an event (and its poster) that a member has joined; the member has a notification about it
/// (its id is the event id). The host also has two full events: one whose waiting list the member is on
/// (<see cref="WaitingEventId"/>) and one the member may still wait for (<see cref="FullEventId"/>).
/// Shared by the tests that throw requests at real resources.
/// </summary>
internal sealed record TestWorld(string MemberId, string MemberToken, string HostToken, string EventId, string FullEventId = "", string WaitingEventId = "")
{
    /// <summary>The event a request for <paramref name="operationId"/> is about: waiting-list operations need a full event.</summary>
    public string EventFor(string operationId) => operationId switch
    {
        "joinWaitlist" => FullEventId,
        "getMyWaitlistPlace" or "leaveWaitlist" or "listWaitlist" => WaitingEventId,
        _ => EventId,
    };

    public static async Task<TestWorld> CreateAsync(FestaInstance instance)
    {
        var home = new Region("Seoul", "Mapo-gu");
        var (_, hostToken) = await instance.SignedInMemberAsync(Role.Host, home);
        var (member, memberToken) = await instance.SignedInMemberAsync(Role.Member, home);
        var api = instance.Client;
        var eventId = await api.CreateEventAsync(hostToken);
        Assert.Equal(201, (await api.PostAsync($"/api/events/{eventId}/signups", token: memberToken)).Status);
        Assert.Equal(204, (await api.SendAsync("PUT", $"/api/events/{eventId}/poster", contentType: "image/png", token: hostToken,
            rawBytes: Festa.Functions.Tests.Events.PosterTests.Image("png", 1_000))).Status);
        await instance.Get<INotificationStore>().TryAddAsync(new Notification(eventId, member.UserId, NotificationKind.EventChanged, eventId,
            "Changed", "The host changed the time.", DateTimeOffset.UtcNow, null), CancellationToken.None);
        var full = await FullEventAsync(instance, hostToken);
        var waiting = await FullEventAsync(instance, hostToken);
        Assert.Equal(201, (await api.PostAsync($"/api/events/{waiting}/waitlist", token: memberToken)).Status);
        return new TestWorld(member.UserId.Value, memberToken, hostToken, eventId, full, waiting);
    }

    /// <summary>A one-seat event of the host whose seat another member holds.</summary>
    private static async Task<string> FullEventAsync(FestaInstance instance, string hostToken)
    {
        var id = await instance.Client.CreateEventAsync(hostToken, Requests.Event(title: "Full " + Guid.NewGuid().ToString("N")[..8], capacity: 1));
        var (_, other) = await instance.SignedInMemberAsync();
        Assert.Equal(201, (await instance.Client.PostAsync($"/api/events/{id}/signups", token: other)).Status);
        return id;
    }

    /// <summary>Everything a client can read about the world (bodies, statuses, the poster's ETag), as one string.</summary>
    public async Task<string> SnapshotAsync(FestaInstance instance)
    {
        var reads = new (string Path, string Token)[]
        {
            ($"/api/events/{EventId}", HostToken),
            ($"/api/events/{EventId}/signups?limit=100", HostToken),
            ($"/api/events/{EventId}/poster", HostToken),
            ("/api/members/me", MemberToken),
            ("/api/members/me", HostToken),
            ("/api/members/me/signups", MemberToken),
            ("/api/members/me/notifications", MemberToken),
        };
        var text = new StringBuilder();
        foreach (var (path, token) in reads)
        {
            var response = await instance.Client.SendAsync(path.EndsWith("poster", StringComparison.Ordinal) ? "HEAD" : "GET", path, token: token);
            text.Append(path).Append(' ').Append(response.Status).Append(' ').Append(response.Header("ETag")).Append(' ').AppendLine(response.Body);
        }

        return text.ToString();
    }
}
