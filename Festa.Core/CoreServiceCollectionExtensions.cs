using Festa.Core.Auth.Authenticate;
using Festa.Core.Auth.EndOtherSessions;
using Festa.Core.Auth.ListSessions;
using Festa.Core.Auth.Login;
using Festa.Core.Auth.Logout;
using Festa.Core.Auth.Sessions;
using Festa.Core.Auth.Throttling;
using Festa.Core.Common;
using Festa.Core.Events;
using Festa.Core.Events.Create;
using Festa.Core.Events.Delete;
using Festa.Core.Events.Get;
using Festa.Core.Events.List;
using Festa.Core.Events.Posters;
using Festa.Core.Events.Recommend;
using Festa.Core.Events.SignUps;
using Festa.Core.Events.SignUps.Cancel;
using Festa.Core.Events.SignUps.Join;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Events.SignUps.Mine;
using Festa.Core.Events.SignUps.Participants;
using Festa.Core.Events.Waitlist;
using Festa.Core.Events.Update;
using Festa.Core.Health;
using Festa.Core.Idempotency;
using Festa.Core.Members.Password;
using Festa.Core.Members.Passwords;
using Festa.Core.Members.Profile;
using Festa.Core.Members.SignUp;
using Festa.Core.Members.Withdraw;
using Festa.Core.Notifications;
using Festa.Core.Notifications.Outbox;
using Festa.Core.RateLimiting;
using Festa.Core.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Festa.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Registers the domain rules and use cases. A store adapter must be added separately.</summary>
    public static IServiceCollection AddFestaCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FestaMetrics>();

        services.AddOptions<SessionOptions>().Bind(configuration.GetSection(SessionOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PasswordHashingOptions>().Bind(configuration.GetSection(PasswordHashingOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section))
            .Validate(RateLimitOptions.AllValid, "Every Festa:RateLimits policy needs PermitLimit 1..1000000 and Window 1 s..1 day.")
            .ValidateOnStart();
        services.AddSingleton<RateLimiter>();

        services.AddOptions<IdempotencyOptions>().Bind(configuration.GetSection(IdempotencyOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IdempotencyKeys>();

        services.AddSingleton<IPasswordHasher, IdentityPasswordHasher>();
        services.AddSingleton<BoundedPasswordHasher>();
        services.AddSingleton<PasswordAttempts>();
        services.AddSingleton<SessionLifetime>();
        services.AddSingleton<SessionIssuer>();
        services.AddSingleton<SessionCap>();
        services.AddSingleton<SessionAuthenticator>();

        services.AddSingleton<LoginHandler>();
        services.AddSingleton<LogoutHandler>();
        services.AddSingleton<ListSessionsHandler>();
        services.AddSingleton<EndOtherSessionsHandler>();
        services.AddSingleton<ExpirySweeper>();

        services.AddSingleton<SignUpHandler>();
        services.AddSingleton<GetProfileHandler>();
        services.AddSingleton<UpdateProfileHandler>();
        services.AddSingleton<ChangePasswordHandler>();
        services.AddSingleton<WithdrawHandler>();

        services.AddSingleton<CreateEventHandler>();
        services.AddSingleton<GetEventHandler>();
        services.AddSingleton<ListEventsHandler>();
        services.AddSingleton<RecommendEventsHandler>();
        services.AddSingleton<UpdateEventHandler>();
        services.AddSingleton<DeleteEventHandler>();
        services.AddSingleton<ISignUpStore, GroupCommitSignUpStore>();
        services.AddSingleton<SignUpForEventHandler>();
        services.AddSingleton<CancelSignUpHandler>();
        services.AddSingleton<ListParticipantsHandler>();
        services.AddSingleton<ListMySignUpsHandler>();
        services.AddSingleton<UploadPosterHandler>();
        services.AddSingleton<GetPosterHandler>();
        services.AddSingleton<IEventDeletionStep, DeletePosterWithEvent>();
        // Waiting places first, then seats: once the member waits nowhere, no cancel can promote them into a seat
        // behind the seat listing (a join racing the withdrawal gives its place back itself: WaitlistService.JoinAsync).
        services.AddSingleton<IWithdrawalStep, LeaveWaitlistsOnWithdrawal>();
        services.AddSingleton<IWithdrawalStep, FreeSeatsOnWithdrawal>();
        services.AddSingleton<PromotionNotices>();
        services.AddSingleton<WaitlistPromoter>();
        services.AddSingleton<WaitlistService>();
        services.AddSingleton<IEventDeletionStep, NotifyWaitingOnEventDeletion>();

        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IEventChangePublisher, DisabledEventChangePublisher>();
        services.AddSingleton<ListMyNotificationsHandler>();
        services.AddSingleton<MarkReadHandler>();
        services.AddSingleton<MarkAllReadHandler>();
        services.AddSingleton<FanOutEventChangeHandler>();
        services.AddSingleton<SendStartsTodayRemindersHandler>();
        services.AddSingleton<PasswordAgeCheck>();
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OutboxDispatcher>();

        services.AddSingleton<HealthCheckHandler>();
        return services;
    }
}
