namespace Festa.Core.Members.Withdraw;

/// <summary>The body of <c>DELETE /api/members/me</c>: the current password, so that a stolen session alone cannot close the account.</summary>
public sealed record WithdrawRequest(string? Password);
