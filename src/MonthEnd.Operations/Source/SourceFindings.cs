using Microsoft.Extensions.Compliance.Redaction;
using MonthEnd.Core.Source;

namespace MonthEnd.Operations.Source;

/// <summary>Turns the source violations Core finds into what hosts show, through the product's redactor.</summary>
public sealed class SourceFindings(IRedactorProvider redactors)
{
    public SourceFinding Show(SourceViolation v) =>
        new(v.Kind.ToString().ToUpperInvariant(), v.Record, v.PolicyHolderId?.Redact(redactors), v.AccountNumber?.Redact(redactors), v.Rule,
            v.Message.Render(redactors));
}
