using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Identity;
using MonthEnd.Store.Tests.Contract;

namespace MonthEnd.Operations.Tests.Contract;

/// <summary>
/// The operations layer wired as a host wires it (the same AddMonthEndOperations, one store
/// instance under each role interface), over a real database of one store.
/// </summary>
public sealed class OperationsHost : IAsyncDisposable
{
    public static readonly ClientInfo Client = new("test", "127.0.0.1", "monthend-tests");

    private readonly ServiceProvider _services;

    private OperationsHost(ServiceProvider services, IMonthEndStore store)
    {
        _services = services;
        Store = store;
    }

    public IMonthEndStore Store { get; }

    public string AuditKey { get; private init; } = "";

    /// <summary>Where committed rollbacks write their backups; deleted with the host.</summary>
    public string BackupDirectory { get; private init; } = "";

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <param name="settings">Configuration beside the audit key and the backup directory (a feature's own section).</param>
    public static async Task<OperationsHost> StartAsync(IStoreTarget target, string? auditKey = null, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var store = await target.CreateStoreAsync();
        var key = auditKey ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var backups = Path.Combine(Path.GetTempPath(), "monthend-test-backups-" + Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Audit:Key", key), new("Rollback:BackupDirectory", backups), .. settings ?? []]).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddMonthEndStore(_ => store)
            .AddMonthEndOperations(configuration)
            .BuildServiceProvider();
        return new OperationsHost(services, store) { AuditKey = key, BackupDirectory = backups };
    }

    /// <summary>A user with these roles, added straight to the store, as a signed-in caller.</summary>
    public async Task<Caller> UserAsync(string name, params Role[] roles)
    {
        var hash = Get<PasswordPolicy>().Hash("a long enough password");
        var user = await Get<IUserStore>().AddUserAsync(new UserAccount(name, hash, roles, false, 0, null, DateTimeOffset.UtcNow, "tests"), CancellationToken.None);
        return SignIn.CallerOf(user, Client);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (Directory.Exists(BackupDirectory))
        {
            Directory.Delete(BackupDirectory, recursive: true);
        }
    }
}
