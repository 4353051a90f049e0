using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using MonthEnd.Core.Privacy;

namespace MonthEnd.Operations.Privacy;

/// <summary>
/// How much of each kind of personal data the product shows (<see cref="MonthEndTaxonomy"/>), once for
/// every host: findings, --json output, audit details, error messages and logs all redact through the
/// <see cref="IRedactorProvider"/> this registers.
/// </summary>
public static class RedactionPolicy
{
    public static IServiceCollection AddMonthEndRedaction(this IServiceCollection services) =>
        services.AddRedaction(redaction => redaction
            .SetRedactor<LastFourRedactor>(MonthEndTaxonomy.Masked)
            .SetRedactor<ErasingRedactor>(MonthEndTaxonomy.Personal)
            // A classification nobody mapped here (a new one, another library's) shows nothing until someone decides otherwise.
            .SetFallbackRedactor<ErasingRedactor>());
}
