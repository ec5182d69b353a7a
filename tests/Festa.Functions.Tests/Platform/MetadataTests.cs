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
        { "GetMyProfile", "GET", "members/me" },
        { "UpdateMyProfile", "PATCH", "members/me" },
        { "ChangeMyPassword", "PUT", "members/me/password" },
        { "Withdraw", "DELETE", "members/me" },
        { "Login", "POST", "auth/login" },
        { "Logout", "POST", "auth/logout" },
        { "ListMySessions", "GET", "auth/sessions" },
        { "EndMyOtherSessions", "DELETE", "auth/sessions" },
        { "GetCurrentSession", "GET", "auth/session" },
        { "ListMySignUps", "GET", "members/me/signups" },
        { "CreateEvent", "POST", "events" },
        { "ListEvents", "GET", "events" },
        { "RecommendedEvents", "GET", "events/recommended" },
        { "GetEvent", "GET", "events/{id}" },
        { "UpdateEvent", "PATCH", "events/{id}" },
        { "DeleteEvent", "DELETE", "events/{id}" },
        { "SignUpForEvent", "POST", "events/{id}/signups" },
        { "CancelMySignUp", "DELETE", "events/{id}/signups/me" },
        { "ListParticipants", "GET", "events/{id}/signups" },
        { "Health", "GET", "health" },
        { "OpenApi", "GET", "openapi.json" },
    };

    [Theory]
    [MemberData(nameof(ExpectedRoutes))]
    public void Every_route_is_generated_with_its_method_and_anonymous_auth(string name, string method, string route)
    {
        var function = Assert.Single(FunctionsMetadata.HttpFunctions, f => f.Name == name);
        Assert.Equal([method], function.Methods);
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
    public void The_repository_host_json_is_the_one_in_the_build_output()
    {
        var root = File.ReadAllText(Path.Combine(Festa.TestSupport.RepositoryPaths.Root, "host.json"));
        var output = File.ReadAllText(Path.Combine(Festa.TestSupport.RepositoryPaths.FunctionsOutput, "host.json"));
        Assert.Equal(root, output);
        Assert.Equal("api", FunctionsMetadata.RoutePrefix);
    }
}
