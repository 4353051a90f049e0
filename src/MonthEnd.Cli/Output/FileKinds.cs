using System.Runtime.InteropServices;

namespace MonthEnd.Cli.Output;

/// <summary>
/// What kind of file a path names, beyond what .NET tells (it calls a device "Normal"): a report is
/// written beside its target and moved over it, which would replace a device such as /dev/null, a
/// FIFO or a socket with a plain file (run as root, the system's own). Linux only; elsewhere no
/// path is taken for special.
/// </summary>
internal static partial class FileKinds
{
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const int NoFollow = 0x100; // AT_SYMLINK_NOFOLLOW: a link is replaced, not what it points to
    private const uint TypeOnly = 0x1; // STATX_TYPE
    private const int StatxSize = 256;
    private const int ModeOffset = 28; // struct statx: mask, blksize, attributes, nlink, uid, gid, then mode (16 bits)
    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;
    private const int Directory = 0x4000;
    private const int SymbolicLink = 0xA000;

    /// <summary>True when the path exists and is a device, a FIFO or a socket; false when it is a plain file, a directory, a link, or absent.</summary>
    public static bool IsSpecial(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var buffer = new byte[StatxSize];
        try
        {
            if (Statx(CurrentDirectory, path, NoFollow, TypeOnly, buffer) != 0)
            {
                return false; // Absent or unreadable: the write that follows says why.
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // A C library without statx (before glibc 2.28): no check rather than no report.
        }

        return (BitConverter.ToUInt16(buffer, ModeOffset) & TypeMask) is not (RegularFile or Directory or SymbolicLink);
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, [Out] byte[] buffer);
}
