using Festa.AzureStorage.Queues;
using Festa.Core.Events;
using Festa.Core.Members;
using Festa.Core.Notifications;
using Festa.Core.Notifications.Outbox;
using Festa.Functions.Notifications;
using Festa.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Festa.Functions.Tests.Concurrency.Torture;

/// <summary>
/// The notices of a torture run, once the outbox is dispatched and the queue drained as the host would: nobody gets
/// two notices for one change, nobody who never asked for a seat gets one, and every member who certainly held a
/// seat (signed up before, never cancelled or withdrew) has one "cancelled" notice per deleted event and one
/// "changed" notice per change of an event still there.
/// </summary>
public static class TortureNotices
{
    public static async Task CheckAsync(TortureRun run, FestaInstance instance, List<string> violations)
    {
        await SettleAsync(instance);
        var records = run.History.Records.ToList();
        foreach (var member in run.Members)
        {
            var inbox = await instance.InboxAsync(member.Id);
            var index = run.Members.IndexOf(member);
            for (var eventIndex = 0; eventIndex < run.Events.Count; eventIndex++)
            {
                var e = run.Events[eventIndex];
                var mine = inbox.Where(n => n.EventId == e.Id).ToList();
                var deleted = await instance.Get<IEventStore>().FindAsync(EventId.FromTrusted(e.Id), null, CancellationToken.None) is null;
                Check(records, index, member.Id, e, eventIndex, deleted, mine, violations);
            }
        }
    }

    private static void Check(List<TortureRecord> records, int member, UserId id, TortureEvent e, int eventIndex, bool deleted,
        List<Notification> mine, List<string> violations)
    {
        bool On(TortureRecord r) => r.Step.Event == eventIndex;
        var signUps = records.Where(r => r.Step.Member == member && r.Step.Op is TortureOp.SignUp or TortureOp.WaitlistJoin && On(r)).ToList();
        var joins = signUps.Count(r => r.Step.Op == TortureOp.WaitlistJoin) + (e.WaitingAtSetUp.Contains(member) ? 1 : 0);
        var askedAtSetUp = e.SeatedAtSetUp.Contains(member) || e.WaitingAtSetUp.Contains(member);
        var leaves = records.Where(r => r.Step.Member == member && (r.Step.Op == TortureOp.Withdraw || (r.Step.Op == TortureOp.Cancel && On(r)))).ToList();
        var cancelled = mine.Count(n => n.Kind == NotificationKind.EventCancelled);
        var changed = mine.Count(n => n.Kind == NotificationKind.EventChanged);
        if (mine.Count > 0 && signUps.Count == 0 && !askedAtSetUp)
        {
            violations.Add($"member {id} never signed up for {e.Id} but has {mine.Count} notices about it");
        }

        // A place is promoted at most once: one "promoted" notice per join at most (a join may be retried, never doubled).
        var promoted = mine.Count(n => n.Kind == NotificationKind.Promoted);
        if (promoted > joins)
        {
            violations.Add($"member {id} has {promoted} promotion notices for {e.Id} after {joins} joins of its waiting list");
        }

        if (cancelled > 1)
        {
            violations.Add($"member {id} has {cancelled} cancellation notices for {e.Id}");
        }

        // Each attempt may apply its change: a retry after a 503 for an applied change re-applies it if another change
        // came in between (then it is a change again, and notified again).
        var changes = records.Where(r => r.Step.Op == TortureOp.EventChange && On(r)).ToList();
        var attempts = changes.Sum(r => r.Answers.Count);
        if (changed > attempts)
        {
            violations.Add($"member {id} has {changed} change notices for {e.Id}, which changed at most {attempts} times");
        }

        // Certainly a participant from the end of a 201 on: no cancel or withdrawal was ever sent.
        var seatedAt = e.SeatedAtSetUp.Contains(member) ? 0 : signUps.Where(r => r.Step.Op == TortureOp.SignUp && r.Final.Status == 201).Select(r => (long?)r.EndedMs).Min();
        if (seatedAt is null || leaves.Count > 0)
        {
            return;
        }

        var deletion = records.FirstOrDefault(r => r.Step.Op == TortureOp.EventDelete && On(r) && r.Final.Status is 204 or 404);
        if (deleted && deletion is not null && deletion.StartedMs > seatedAt && cancelled != 1)
        {
            violations.Add($"member {id} held a seat at {e.Id} when it was deleted (#{deletion.Step.Index}) but has {cancelled} cancellation notices");
        }

        var certain = changes.Count(r => r.StartedMs > seatedAt && r.Final.Status == 200 && r.Answers.Count == 1);
        if (!deleted && changed < certain)
        {
            violations.Add($"member {id} held a seat at {e.Id} through {certain} changes but has {changed} change notices");
        }
    }

    /// <summary>The outbox timer, then every queued message to the fan-out function (and those it queues), as the host would.</summary>
    private static async Task SettleAsync(FestaInstance instance)
    {
        await instance.Get<OutboxDispatcher>().DispatchPendingAsync(CancellationToken.None);
        var queue = instance.Get<QueueEventChangePublisher>().Queue;
        await queue.CreateIfNotExistsAsync();
        var function = ActivatorUtilities.CreateInstance<FanOutEventChangesFunction>(instance.Services);
        while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } received)
        {
            foreach (var message in received)
            {
                await function.RunAsync(message.Body.ToString(), CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
    }
}
