using Microsoft.AspNetCore.Mvc;
using MonthEnd.Core.Security;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Users;

namespace MonthEnd.Web.Pages;

/// <summary>
/// API tokens through <see cref="TokenOperations"/>: everyone lists, creates and revokes her own;
/// manage_users holders see and revoke everyone's and create one for another user. A new token's
/// secret is shown once, in the answer to the form that made it; lists never show it (the store has
/// only its hash).
/// </summary>
public sealed class TokensModel(TokenOperations tokens) : MonthEndPage
{
    /// <summary>Bounds the field before the operation's own (shorter) limit, so no number overflows a time span.</summary>
    private const int MaxDays = 36_500;

    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? ForUser { get; set; }

    [BindProperty]
    public int? Days { get; set; }

    [BindProperty]
    public string? TokenId { get; set; }

    [BindProperty]
    public bool Confirm { get; set; }

    /// <summary>The secret of the token just created: in this answer only.</summary>
    public CreatedToken? Created { get; private set; }

    public string? Message { get; private set; }

    public async Task OnGetAsync() =>
        Tokens = await tokens.ListAsync(Caller, null, everyone: May(Permission.ManageUsers), Aborted);

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var lifetime = Days switch
        {
            null => (TimeSpan?)null,
            < 1 or > MaxDays => throw new InvalidArgumentException("days", $"from 1 to {MaxDays}"),
            { } days => TimeSpan.FromDays(days),
        };
        Created = await tokens.CreateAsync(Caller, string.IsNullOrWhiteSpace(ForUser) ? null : ForUser, Name, lifetime, Aborted);
        Message = $"token {Created.Token.TokenId} created for {Created.Token.UserName}, valid until {Created.Token.ExpiresAt:u}";
        await OnGetAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync()
    {
        if (!Confirm)
        {
            throw new InvalidArgumentException("confirm", "tick the confirmation to revoke the token");
        }

        await tokens.RevokeAsync(Caller, TokenId, Aborted);
        Message = $"token {TokenId} revoked";
        await OnGetAsync();
        return Page();
    }
}
