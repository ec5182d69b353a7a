using System.Text.Json;
using System.Text.Json.Serialization;
using Festa.Core.Auth.ListSessions;
using Festa.Core.Auth.Login;
using Festa.Core.Events;
using Festa.Core.Events.Create;
using Festa.Core.Events.SignUps.Join;
using Festa.Core.Events.SignUps.Mine;
using Festa.Core.Events.SignUps.Participants;
using Festa.Core.Events.Update;
using Festa.Core.Events.Waitlist;
using Festa.Core.Members;
using Festa.Core.Members.Password;
using Festa.Core.Members.Profile;
using Festa.Core.Members.SignUp;
using Festa.Core.Members.Withdraw;
using Festa.Core.Notifications;
using Festa.Functions.Auth;
using Festa.Functions.Health;

namespace Festa.Functions.Http.Json;

/// <summary>
/// Every type Festa reads from or writes to HTTP bodies, serialized by generated code: camelCase,
/// enums as camelCase strings, UTC timestamps, unknown or duplicate members refused, bounded depth.
/// Numbers are JSON numbers only: the web defaults' <see cref="JsonNumberHandling.AllowReadingFromString"/>
/// (which reads <c>"capacity": "12"</c>) is turned off.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    MaxDepth = 16,
    Converters = [typeof(UtcTimestampConverter), typeof(OptionalConverterFactory), typeof(CamelCaseEnumConverter<Role>),
        typeof(CamelCaseEnumConverter<EventCategory>), typeof(CamelCaseEnumConverter<NotificationKind>)])]
[JsonSerializable(typeof(ProblemDocument))]
[JsonSerializable(typeof(SignUpRequest))]
[JsonSerializable(typeof(MemberProfile))]
[JsonSerializable(typeof(UpdateProfileRequest))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(WithdrawRequest))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(LoginResponse))]
[JsonSerializable(typeof(Page<SessionSummary>))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(CurrentSessionResponse))]
[JsonSerializable(typeof(CreateEventRequest))]
[JsonSerializable(typeof(UpdateEventRequest))]
[JsonSerializable(typeof(EventDetails))]
[JsonSerializable(typeof(Page<EventSummary>))]
[JsonSerializable(typeof(IReadOnlyList<EventDetails>))]
[JsonSerializable(typeof(SignUpConfirmation))]
[JsonSerializable(typeof(Page<Participant>))]
[JsonSerializable(typeof(IReadOnlyList<MySignUp>))]
[JsonSerializable(typeof(NotificationPage))]
[JsonSerializable(typeof(WaitlistPlace))]
[JsonSerializable(typeof(MyWaitlistPlace))]
[JsonSerializable(typeof(Page<WaitingMember>))]
[JsonSerializable(typeof(IReadOnlyList<MyWaitlist>))]
public sealed partial class FestaJsonContext : JsonSerializerContext;
