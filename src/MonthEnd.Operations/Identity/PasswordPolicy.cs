using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MonthEnd.Core.Security;
using MonthEnd.Operations.Access;

namespace MonthEnd.Operations.Identity;

/// <summary>Checks a new password against the policy and hashes it with ASP.NET Core Identity's PasswordHasher (PBKDF2, salted, versioned).</summary>
public sealed class PasswordPolicy(IPasswordHasher<UserAccount> hasher, IOptions<SignInSettings> options)
{
    public const int MaxLength = 1024;

    public string Hash(string? password, string argument = "password")
    {
        var minimum = options.Value.MinPasswordLength;
        if (password is null || password.Length < minimum || password.Length > MaxLength)
        {
            throw new InvalidArgumentException(argument, $"must have {minimum} to {MaxLength} characters");
        }

        return hasher.HashPassword(null!, password);
    }
}
