using System.Security.Cryptography;

namespace MonthEnd.Operations.Audit;

/// <summary>The trail's HMAC key, loaded from <see cref="AuditOptions"/>; a key file is created only by <see cref="CreateFileIfMissing"/> (init).</summary>
public sealed class AuditKey
{
    public const int Bytes = 32;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly byte[] _key;

    private AuditKey(byte[] key, string source)
    {
        if (key.Length < Bytes)
        {
            throw new AuditKeyException($"the audit key from {source} has {key.Length} bytes; it needs at least {Bytes} (base64 of 32 random bytes)");
        }

        _key = key;
        Source = source;
    }

    /// <summary>Where the key came from, for messages (never the key).</summary>
    public string Source { get; }

    /// <summary>A copy of the key bytes.</summary>
    public byte[] Material() => [.. _key];

    public static AuditKey Load(AuditOptions options)
    {
        if (options.Key is { Length: > 0 } text)
        {
            return new AuditKey(Decode(text, "the configured key (MONTHEND_AUDIT_KEY)"), "the configured key (MONTHEND_AUDIT_KEY)");
        }

        if (options.KeyFile is not { Length: > 0 } path)
        {
            throw new AuditKeyException("no audit key is configured: set MONTHEND_AUDIT_KEY (base64 of 32 random bytes) or Audit:KeyFile (MONTHEND_AUDIT__KEYFILE)");
        }

        if (!File.Exists(path))
        {
            throw new AuditKeyException($"the audit key file {path} does not exist; `init` creates it for a new database — without the key the trail can be neither written nor verified");
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerOnly & ~UnixFileMode.UserExecute) != 0)
        {
            throw new AuditKeyException($"the audit key file {path} is readable by others ({Mode(path)}); make it owner-only: chmod 600 {path}");
        }

        return new AuditKey(Decode(File.ReadAllText(path).Trim(), $"the key file {path}"), $"the key file {path}");
    }

    /// <summary>Creates the key file with 32 random bytes, owner read/write only; true when it was created.</summary>
    public static bool CreateFileIfMissing(AuditOptions options)
    {
        if (options.Key is { Length: > 0 } || options.KeyFile is not { Length: > 0 } path || File.Exists(path))
        {
            return false;
        }

        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(Bytes));
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = OwnerOnly;
        }

        using (var file = new StreamWriter(path, create))
        {
            file.WriteLine(key);
        }

        return true;
    }

    private static byte[] Decode(string text, string source)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new AuditKeyException($"{source} is not base64");
        }
    }

    private static string Mode(string path) => OperatingSystem.IsWindows() ? "?" : Convert.ToString((int)File.GetUnixFileMode(path), 8).PadLeft(4, '0');
}

/// <summary>The audit key is missing or unusable: no operation that must be audited can run.</summary>
public sealed class AuditKeyException(string message) : Exception(message);
