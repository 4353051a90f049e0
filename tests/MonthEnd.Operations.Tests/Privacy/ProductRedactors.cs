using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using MonthEnd.Operations.Privacy;

namespace MonthEnd.Operations.Tests.Privacy;

/// <summary>The redactor provider every host gets from the operations layer's registration.</summary>
internal static class ProductRedactors
{
    public static IRedactorProvider Provider { get; } =
        new ServiceCollection().AddMonthEndRedaction().BuildServiceProvider().GetRequiredService<IRedactorProvider>();
}
