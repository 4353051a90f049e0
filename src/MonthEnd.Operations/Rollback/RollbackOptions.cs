namespace MonthEnd.Operations.Rollback;

public sealed class RollbackOptions
{
    public const string Section = "Rollback";

    /// <summary>Where a committed rollback writes its backup file before it changes anything (created 0700; files 0600).</summary>
    public string BackupDirectory { get; set; } = "monthend-backups";
}
