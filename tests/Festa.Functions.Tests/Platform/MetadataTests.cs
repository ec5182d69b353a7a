using System.Reflection;
using Festa.TestSupport.Http;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Tests.Platform;

/// <summary>The generated functions.metadata is what the host routes by: check it says what we mean.</summary>
public sealed class MetadataTests
{
    public static TheoryData<string, string, string> ExpectedRoutes => new()
    {
        { "SignUp", "POST", "members" },
        { "GetMyProfile", "GET HEAD", "members/me" },
        { "UpdateMyProfile", "PATCH", "members/me" },
        { "ChangeMyPassword", "PUT", "members/me/password" },
        { "Withdraw", "DELETE", "members/me" },
        { "Login", "POST", "auth/login" },
        { "Logout", "POST", "auth/logout" },
        { "ListMySessions", "GET HEAD", "auth/sessions" },
        { "EndMyOtherSessions", "DELETE", "auth/sessions" },
        { "GetCurrentSession", "GET HEAD", "auth/session" },
        { "ListMySignUps", "GET HEAD", "members/me/signups" },
        { "CreateEvent", "POST", "events" },
        { "ListEvents", "GET HEAD", "events" },
        { "RecommendedEvents", "GET HEAD", "events/recommended" },
        { "GetEvent", "GET HEAD", "events/{id}" },
        { "UpdateEvent", "PATCH", "events/{id}" },
        { "DeleteEvent", "DELETE", "events/{id}" },
        { "SignUpForEvent", "POST", "events/{id}/signups" },
        { "CancelMySignUp", "DELETE", "events/{id}/signups/me" },
        { "ListParticipants", "GET HEAD", "events/{id}/signups" },
        { "JoinWaitlist", "POST", "events/{id}/waitlist" },
        { "ListWaitlist", "GET HEAD", "events/{id}/waitlist" },
        { "GetMyWaitlistPlace", "GET HEAD", "events/{id}/waitlist/me" },
        { "LeaveWaitlist", "DELETE", "events/{id}/waitlist/me" },
        { "ListMyWaitlists", "GET HEAD", "members/me/waitlists" },
        { "UploadPoster", "PUT", "events/{id}/poster" },
        { "GetPoster", "GET HEAD", "events/{id}/poster" },
        { "ListMyNotifications", "GET HEAD", "members/me/notifications" },
        { "MarkNotificationRead", "POST", "members/me/notifications/{id}/read" },
        { "MarkAllNotificationsRead", "POST", "members/me/notifications/read-all" },
        { "Health", "GET HEAD", "health" },
        { "OpenApi", "GET HEAD", "openapi.json" },
        { "ApiDocs", "GET HEAD", "docs" },
        { "UnmatchedRoute", "GET HEAD POST PUT PATCH DELETE OPTIONS", "{*path}" },
    };

    [Theory]
    [MemberData(nameof(ExpectedRoutes))]
    public void Every_route_is_generated_with_its_method_and_anonymous_auth(string name, string method, string route)
    {
        var function = Assert.Single(FunctionsMetadata.HttpFunctions, f => f.Name == name);
        Assert.Equal(method.Split(' '), function.Methods);
        Assert.Equal(route, function.Route);
        Assert.Equal("Anonymous", function.AuthLevel);
    }

    [Fact]
    public void No_http_function_exists_that_is_not_listed_here()
    {
        var expected = ExpectedRoutes.Select(row => (string)row.Data.Item1).Order();
        Assert.Equal(expected, FunctionsMetadata.HttpFunctions.Select(f => f.Name).Order());
    }

    [Fact]
    public void Every_function_in_the_code_is_in_the_metadata()
    {
        var declared = typeof(Festa.Functions.Composition.FestaServiceCollectionExtensions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name)
            .OfType<string>()
            .Order();
        var generated = FunctionsMetadata.HttpFunctions.Select(f => f.Name)
            .Concat(FunctionsMetadata.Triggers.Select(t => t.Name))
            .Order();
        Assert.Equal(declared, generated);
    }

    [Fact]
    public void Expired_sessions_are_swept_by_a_timer_every_ten_minutes()
    {
        var timer = Assert.Single(FunctionsMetadata.Triggers, t => t.Name == "SweepExpiredSessions");
        Assert.Equal("timerTrigger", timer.Type);
        Assert.Equal("0 */10 * * * *", timer.Binding.GetProperty("schedule").GetString());
    }

    [Fact]
    public void The_notification_outbox_is_retried_by_a_timer_every_minute()
    {
        var timer = Assert.Single(FunctionsMetadata.Triggers, t => t.Name == "DispatchOutbox");
        Assert.Equal("timerTrigger", timer.Type);
        Assert.Equal("0 */1 * * * *", timer.Binding.GetProperty("schedule").GetString());
    }

    [Fact]
    public void Event_changes_are_fanned_out_by_a_queue_trigger_on_the_configured_queue_of_the_festa_storage_account()
    {
        var trigger = Assert.Single(FunctionsMetadata.Triggers, t => t.Name == "FanOutEventChanges");
        Assert.Equal("queueTrigger", trigger.Type);
        Assert.Equal("%Festa:Queues:EventChanges%", trigger.Binding.GetProperty("queueName").GetString());
        Assert.Equal("FestaStorage", trigger.Binding.GetProperty("connection").GetString());
        Assert.Equal("String", trigger.Binding.GetProperty("dataType").GetString());
    }

    [Fact]
    public void Starts_today_reminders_run_on_a_configurable_timer_defaulting_to_seven_in_the_morning()
    {
        var timer = Assert.Single(FunctionsMetadata.Triggers, t => t.Name == "SendStartsTodayReminders");
        Assert.Equal("timerTrigger", timer.Type);
        Assert.Equal("%Festa:Reminders:Schedule%", timer.Binding.GetProperty("schedule").GetString());

        using var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(
            Path.Combine(Festa.TestSupport.RepositoryPaths.Root, "Festa.Functions", "local.settings.json")));
        var values = settings.RootElement.GetProperty("Values");
        Assert.Equal("0 0 7 * * *", values.GetProperty("Festa__Reminders__Schedule").GetString());
        Assert.Equal("festa-event-changes", values.GetProperty("Festa__Queues__EventChanges").GetString());
    }

    [Fact]
    public void A_failing_queue_message_is_retried_five_times_before_the_host_moves_it_to_the_poison_queue()
    {
        using var host = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Festa.TestSupport.RepositoryPaths.Root, "host.json")));
        Assert.Equal(5, host.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32());
    }

    [Fact]
    public void The_repository_host_json_is_the_one_in_the_build_output()
    {
        var root = File.ReadAllText(Path.Combine(Festa.TestSupport.RepositoryPaths.Root, "host.json"));
        var output = File.ReadAllText(Path.Combine(Festa.TestSupport.RepositoryPaths.FunctionsOutput, "host.json"));
        Assert.Equal(root, output);
        Assert.Equal("api", FunctionsMetadata.RoutePrefix);
    }
}
