using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Approvals;
using MonthEnd.Operations.Audit;
using MonthEnd.Operations.Batches;
using MonthEnd.Operations.DryRuns;
using MonthEnd.Operations.Identity;
using MonthEnd.Operations.Import;
using MonthEnd.Operations.Notifications;
using MonthEnd.Operations.Periods;
using MonthEnd.Operations.Preflights;
using MonthEnd.Operations.Privacy;
using MonthEnd.Operations.Reports;
using MonthEnd.Operations.Reversal;
using MonthEnd.Operations.Rollback;
using MonthEnd.Operations.Schema;
using MonthEnd.Operations.Source;
using MonthEnd.Operations.Users;

namespace MonthEnd.Operations;

public static class OperationsServices
{
    /// <summary>The store, one instance for the process, under its base interface and each of its role interfaces.</summary>
    public static IServiceCollection AddMonthEndStore(this IServiceCollection services, Func<IServiceProvider, IMonthEndStore> open)
    {
        services.AddSingleton(open);
        services.AddSingleton(sp => (IUserStore)sp.GetRequiredService<IMonthEndStore>());
        services.AddSingleton(sp => (IApprovalStore)sp.GetRequiredService<IMonthEndStore>());
        services.AddSingleton(sp => (IAuditStore)sp.GetRequiredService<IMonthEndStore>());
        services.AddSingleton(sp => (ILedgerSeals)sp.GetRequiredService<IMonthEndStore>());
        services.AddSingleton(sp => (IBatchRollback)sp.GetRequiredService<IMonthEndStore>());
        services.AddSingleton(sp => (IBatchReversal)sp.GetRequiredService<IMonthEndStore>());
        services.AddSingleton(sp => (IStoreProbe)sp.GetRequiredService<IMonthEndStore>());
        services.AddSingleton(sp => (IDatabaseClock)sp.GetRequiredService<IMonthEndStore>());
        services.AddSingleton(sp => (ILedgerReports)sp.GetRequiredService<IMonthEndStore>());
        services.AddSingleton(sp => (ISourceImports)sp.GetRequiredService<IMonthEndStore>());
        services.AddSingleton(sp => (IDryRunCopies)sp.GetRequiredService<IMonthEndStore>());
        services.AddSingleton(sp => (IDryRunRecords)sp.GetRequiredService<IMonthEndStore>());
        services.AddSingleton(sp => (IPartitionRestarts)sp.GetRequiredService<IMonthEndStore>());
        services.AddSingleton(sp => (INotificationOutbox)sp.GetRequiredService<IMonthEndStore>());
        return services;
    }

    /// <summary>
    /// The operations layer; the host registers the store with <see cref="AddMonthEndStore"/>.
    /// </summary>
    public static IServiceCollection AddMonthEndOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.Section)).Configure(o =>
        {
            // MONTHEND_AUDIT_KEY / MONTHEND_AUDIT_KEY_FILE read better in a deployment than the section form.
            o.Key ??= configuration["AUDIT_KEY"];
            o.KeyFile ??= configuration["AUDIT_KEY_FILE"];
        });
        services.AddOptions<SignInSettings>().Bind(configuration.GetSection(SignInSettings.Section));
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.Section));
        services.AddOptions<ApprovalOptions>().Bind(configuration.GetSection(ApprovalOptions.Section));
        services.AddOptions<RollbackOptions>().Bind(configuration.GetSection(RollbackOptions.Section)).Configure(o =>
            o.BackupDirectory = configuration["BACKUP_DIR"] ?? o.BackupDirectory);
        services.AddSingleton(TimeProvider.System);
        services.AddMonthEndRedaction();
        services.AddSingleton<SourceFindings>();
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        services.AddSingleton<AuditSigner>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<OperationGate>();
        services.AddSingleton<PasswordPolicy>();
        services.AddSingleton<SignIn>();
        services.AddSingleton<IApprovable>(sp => new AdminRoleChange(sp.GetRequiredService<IUserStore>(), grant: true));
        services.AddSingleton<IApprovable>(sp => new AdminRoleChange(sp.GetRequiredService<IUserStore>(), grant: false));
        services.AddSingleton<IApprovable>(sp => new PeriodChange(sp.GetRequiredService<IMonthEndStore>(), sp.GetRequiredService<TimeProvider>(), PeriodStatus.Closed));
        services.AddSingleton<IApprovable>(sp => new PeriodChange(sp.GetRequiredService<IMonthEndStore>(), sp.GetRequiredService<TimeProvider>(), PeriodStatus.Open));
        services.AddSingleton<CommittedBatchRollback>();
        services.AddSingleton<IApprovable>(sp => sp.GetRequiredService<CommittedBatchRollback>());
        services.AddSingleton<BatchReversal>();
        services.AddSingleton<IApprovable>(sp => sp.GetRequiredService<BatchReversal>());
        services.AddSingleton<ApprovalOperations>();
        services.AddSingleton<ReversalOperations>();
        services.AddSingleton<RollbackOperations>();
        services.AddSingleton<PreflightOperations>();
        services.AddSingleton<PeriodOperations>();
        services.AddSingleton<UserOperations>();
        services.AddSingleton<TokenOperations>();
        services.AddSingleton<BatchSeals>();
        services.AddSingleton<BatchOperations>();
        services.AddSingleton<WorkerOperations>();
        services.AddSingleton<SourceOperations>();
        services.AddSingleton<ImportOperations>();
        services.AddSingleton<SchemaOperations>();
        services.AddSingleton<AuditOperations>();
        services.AddSingleton<ReportOperations>();
        services.AddSingleton<DryRunOperations>();
        services.AddSingleton<NotificationChannels>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddSingleton<NotificationOperations>();
        return services;
    }
}
