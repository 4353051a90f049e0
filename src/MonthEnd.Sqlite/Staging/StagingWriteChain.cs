using System.Buffers.Binary;
using Dapper;
using Microsoft.Data.Sqlite;

namespace MonthEnd.Sqlite.Staging;

/// <summary>
/// Whether a staging file holds exactly what this product wrote to it. SQLite adds one to a database
/// file's change counter (header bytes 24-27) in every transaction that writes the file, whoever
/// writes it: a worker, the sqlite3 shell, another program. Every write this product makes to a
/// staging file records, in its own transaction, the counter the file will carry once that
/// transaction commits (the counter it read, plus one), after checking that the counter it read is
/// the one the previous write recorded. The chain therefore holds only while no other transaction
/// has written the file, and the commit can then take staging's facts from the chunks' seals
/// (<see cref="ChunkSeals"/>) instead of reading every staged row back; otherwise it measures them.
/// </summary>
/// <remarks>
/// The counter is read through SQLite's own open file (xRead of the VFS file), never by opening the
/// file from .NET: closing a second descriptor of a file drops every POSIX lock this process holds
/// on it, SQLite's included. It is read under a lock that keeps any other writer from committing:
/// the RESERVED lock of a BEGIN IMMEDIATE, or the SHARED lock a transaction holds once it has read.
/// </remarks>
internal static class StagingWriteChain
{
    private const int FileControlFilePointer = 7;
    private const int ChangeCounterOffset = 24;

    /// <summary>Starts the chain in the transaction that builds the file (<paramref name="schema"/>: the file's schema on the connection).</summary>
    public static void Start(SqliteConnection connection, SqliteTransaction transaction, string schema)
    {
        var counter = ChangeCounter(connection, schema);
        connection.Execute($"INSERT INTO {schema}.staging_write_chain (one, change_counter, unbroken) VALUES (1, @next, 1)",
            new { next = Next(counter) }, transaction);
    }

    /// <summary>
    /// In a transaction that writes the file and has already read it: checks the counter against the
    /// chain and records the one this transaction will leave. A file without a chain (built by an
    /// earlier version) is left without one, and its commit measures every row.
    /// </summary>
    public static void Advance(SqliteConnection connection, SqliteTransaction transaction, string schema)
    {
        var counter = ChangeCounter(connection, schema);
        connection.Execute($"""
            UPDATE {schema}.staging_write_chain SET unbroken = unbroken AND change_counter = @counter, change_counter = @next WHERE one = 1
            """, new { counter = (long)counter, next = Next(counter) }, transaction);
    }

    /// <summary>Whether every write to the file since it was built was one of this product's, each recorded by the chain.</summary>
    public static bool Holds(SqliteConnection connection, SqliteTransaction transaction, string schema)
    {
        if (!Kept(connection, transaction, schema))
        {
            return false;
        }

        var chain = connection.QuerySingleOrDefault<(long Counter, long Unbroken)?>(
            $"SELECT change_counter, unbroken FROM {schema}.staging_write_chain WHERE one = 1", transaction: transaction);
        return chain is { Unbroken: 1 } c && c.Counter == ChangeCounter(connection, schema);
    }

    /// <summary>Whether the file has a chain at all (files built before it have none).</summary>
    public static bool Kept(SqliteConnection connection, SqliteTransaction? transaction, string schema) =>
        connection.ExecuteScalar<long>($"SELECT count(*) FROM {schema}.sqlite_master WHERE type = 'table' AND name = 'staging_write_chain'",
            transaction: transaction) == 1;

    private static long Next(uint counter) => unchecked(counter + 1u);

    /// <summary>The change counter in the header of the file open under <paramref name="schema"/>.</summary>
    public static unsafe uint ChangeCounter(SqliteConnection connection, string schema)
    {
        var name = System.Text.Encoding.UTF8.GetBytes(schema + "\0");
        IntPtr file;
        fixed (byte* schemaName = name)
        {
            var rc = NativeSqlite.sqlite3_file_control(connection.Handle!.DangerousGetHandle(), schemaName, FileControlFilePointer, &file);
            if (rc != 0 || file == IntPtr.Zero)
            {
                throw new InvalidOperationException($"SQLite gave no open file for schema {schema} (error {rc})");
            }
        }

        // sqlite3_file starts with its sqlite3_io_methods*; in that struct, after int iVersion (padded to
        // a pointer) and xClose, comes int xRead(sqlite3_file*, void*, int amount, sqlite3_int64 offset).
        var methods = *(IntPtr*)file;
        if (methods == IntPtr.Zero)
        {
            throw new InvalidOperationException($"the file of schema {schema} is not open");
        }

        var read = (delegate* unmanaged[Cdecl]<IntPtr, byte*, int, long, int>)*(IntPtr*)((byte*)methods + (2 * IntPtr.Size));
        var header = stackalloc byte[4];
        var result = read(file, header, 4, ChangeCounterOffset);
        return result == 0
            ? BinaryPrimitives.ReadUInt32BigEndian(new ReadOnlySpan<byte>(header, 4))
            : throw new InvalidOperationException($"could not read the header of the file of schema {schema} (error {result})");
    }
}
