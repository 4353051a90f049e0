using Microsoft.Extensions.Options;
using MonthEnd.Core.Audit;

namespace MonthEnd.Operations.Audit;

/// <summary>
/// The chain with its key, loaded at first use rather than when the services are built: init
/// must be able to run (and create the key file) before any key exists.
/// </summary>
public sealed class AuditSigner(IOptions<AuditOptions> options)
{
    private readonly Lazy<AuditChain> _chain = new(() => new AuditChain(AuditKey.Load(options.Value).Material()));

    public AuditChain Chain => _chain.Value;

    public AuditEntry Link(AuditEntry? previous, AuditDraft draft) => Chain.Link(previous, draft);
}
