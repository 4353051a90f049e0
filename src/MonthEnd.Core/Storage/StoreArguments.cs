using MonthEnd.Core.Approvals;
using MonthEnd.Core.Security;

namespace MonthEnd.Core.Storage;

/// <summary>
/// What the user and approval stores refuse before any SQL, written once so that both refuse alike:
/// texts <see cref="StoredText"/> says they cannot keep (<see cref="ArgumentException"/>) and
/// arguments outside what a method means.
/// </summary>
public static class StoreArguments
{
    public static void CheckUser(UserAccount user)
    {
        StoredText.Key(user.UserName, "a user name");
        StoredText.Text(user.PasswordHash, "a password hash");
        StoredText.Text(user.CreatedBy, "the name of a user's creator");
    }

    /// <summary>A name that could not have been stored names no user (and one holding U+0000 could not even be sent to PostgreSQL).</summary>
    public static void CheckUserCouldExist(string userName)
    {
        if (!StoredText.IsKey(userName))
        {
            throw new NoSuchUserException(userName);
        }
    }

    public static void CheckPasswordHash(string passwordHash)
    {
        ArgumentNullException.ThrowIfNull(passwordHash);
        StoredText.Text(passwordHash, "a password hash");
    }

    public static void CheckLockout(int lockAfter, TimeSpan lockFor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lockAfter, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(lockFor, TimeSpan.Zero);
    }

    public static void CheckToken(ApiToken token)
    {
        StoredText.Key(token.TokenId, "a token id");
        StoredText.Key(token.TokenHash, "a token hash");
        StoredText.Text(token.Name, "a token name");
        CheckUserCouldExist(token.UserName);
    }

    public static InvalidOperationException TokenTaken() => new("a token with this id or this hash is already stored");

    public static void CheckRequest(ApprovalRequest request)
    {
        StoredText.Text(request.Operation, "an operation");
        StoredText.Json(request.Subject, "a request's subject");
        StoredText.Text(request.Reason, "a request's reason");
        StoredText.Key(request.RequestedBy, "a requester");
    }

    public static void CheckCompletion(ApprovalStatus result, string outcome)
    {
        if (!result.IsCompletion())
        {
            throw new ArgumentOutOfRangeException(nameof(result), result, "a request completes as EXECUTED or FAILED");
        }

        ArgumentNullException.ThrowIfNull(outcome);
        StoredText.Text(outcome, "an outcome");
    }
}
