using MonthEnd.Core.Security;

namespace MonthEnd.Operations.Access;

/// <summary>The caller lacks the permission the operation needs; nothing was done, and the refusal is in the audit trail.</summary>
public sealed class AccessDeniedException(Caller caller, Permission permission)
    : Exception($"user {caller.User} (roles: {(caller.Roles.Count == 0 ? "none" : string.Join(", ", caller.Roles.Select(r => r.Name())))}) " +
                $"lacks the permission {permission.Name()}" +
                $" (held by {string.Join(", ", RolePermissions.Holders(permission).Select(r => r.Name()))})")
{
    public Permission Permission { get; } = permission;

    public string User { get; } = caller.User;
}

/// <summary>Why nobody is signed in.</summary>
public enum SignInFailure
{
    /// <summary>No identity was given at all.</summary>
    NoIdentity,

    /// <summary>Unknown user, wrong password or unknown token: deliberately not told apart.</summary>
    BadCredentials,

    LockedOut,
    Disabled,
    TokenExpired,
    TokenRevoked,

    /// <summary>The database has no users yet: the first batch_admin comes from init.</summary>
    NoUsers,
}

/// <summary>The caller could not be signed in; nothing was done.</summary>
public sealed class SignInFailedException(SignInFailure failure, string message) : Exception(message)
{
    public SignInFailure Failure { get; } = failure;
}

/// <summary>An operation refused for a reason of state (not of permission): e.g. a request already decided, an admin revoking herself.</summary>
public class OperationRefusedException(string message) : Exception(message);

/// <summary>A refusal because what the operation names (a batch, a request) does not exist; the CLI treats it as any refusal, the web as 404.</summary>
public sealed class NotFoundException(string message) : OperationRefusedException(message);

/// <summary>An argument no operation could accept (malformed, out of range); the message names it.</summary>
public sealed class InvalidArgumentException(string argument, string message) : Exception($"{argument}: {message}")
{
    public string Argument { get; } = argument;
}
