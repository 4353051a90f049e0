using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using MonthEnd.Core.Accounting;
using Npgsql;

namespace MonthEnd.Postgres.Staging;

/// <summary>
/// Encodes PostgreSQL's binary COPY format itself and sends it through Npgsql's raw COPY stream.
/// Why not <see cref="NpgsqlBinaryImporter"/>: it binds every value through a parameter object and an
/// async state machine and writes NUMERIC by way of <see cref="decimal"/>; for the ~9 million rows
/// of a 1M-premium batch that was about a fifth of the client's CPU, taken from the database server
/// on the same cores. Here a value is a few bytes put in a buffer, and money goes from sen straight
/// to NUMERIC's base-10000 digits. The server decodes and checks every value exactly as before
/// (column types, typmods, CHECKs), so what is stored is the same.
/// </summary>
/// <remarks>
/// Format: https://www.postgresql.org/docs/current/sql-copy.html (binary format) and the types'
/// send/recv functions. Not finishing with <see cref="CompleteAsync"/> cancels the COPY.
/// </remarks>
internal sealed class BinaryCopyWriter : IAsyncDisposable
{
    /// <summary>Bytes gathered before they are handed to the connection.</summary>
    private const int FlushThreshold = 64 * 1024;

    /// <summary>NUMERIC's sign word for a negative value (0x0000 is positive).</summary>
    private const short NumericNegative = 0x4000;

    private static readonly int PostgresEpochDay = new DateOnly(2000, 1, 1).DayNumber;

    private readonly NpgsqlRawCopyStream _stream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(2 * FlushThreshold);
    private int _length;
    private bool _completed;

    private BinaryCopyWriter(NpgsqlRawCopyStream stream)
    {
        _stream = stream;
        // Signature "PGCOPY\n\377\r\n\0", flags (no OIDs), header extension length.
        ReadOnlySpan<byte> header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];
        header.CopyTo(_buffer);
        _length = header.Length;
    }

    /// <param name="copyCommand">A <c>COPY table (columns) FROM STDIN (FORMAT BINARY)</c>.</param>
    public static async Task<BinaryCopyWriter> BeginAsync(NpgsqlConnection connection, string copyCommand, CancellationToken ct) =>
        new(await connection.BeginRawBinaryCopyAsync(copyCommand, ct));

    public void StartRow(short fieldCount)
    {
        Ensure(sizeof(short));
        Int16Here(fieldCount);
    }

    /// <summary>Sends what has gathered once it is worth a write; call it between rows.</summary>
    public ValueTask EndRowAsync(CancellationToken ct) => _length >= FlushThreshold ? FlushAsync(ct) : ValueTask.CompletedTask;

    public void WriteNull()
    {
        Ensure(sizeof(int));
        Int32Here(-1);
    }

    public void WriteBigint(long value)
    {
        Ensure(sizeof(int) + sizeof(long));
        Int32Here(sizeof(long));
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_length), value);
        _length += sizeof(long);
    }

    public void WriteSmallint(short value)
    {
        Ensure(sizeof(int) + sizeof(short));
        Int32Here(sizeof(short));
        Int16Here(value);
    }

    /// <summary>DATE: days since 2000-01-01. (Entry dates lie in the batch's period, never at the infinities Npgsql maps DateOnly.MinValue/MaxValue to.)</summary>
    public void WriteDate(DateOnly value)
    {
        Ensure(sizeof(int) + sizeof(int));
        Int32Here(sizeof(int));
        Int32Here(value.DayNumber - PostgresEpochDay);
    }

    /// <summary>TEXT: its UTF-8 bytes (the connection's client encoding), as Npgsql sends a string; null is NULL.</summary>
    public void WriteText(string? value)
    {
        if (value is null)
        {
            WriteNull();
            return;
        }

        Ensure(sizeof(int) + Encoding.UTF8.GetMaxByteCount(value.Length));
        var bytes = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + sizeof(int)));
        Int32Here(bytes);
        _length += bytes;
    }

    /// <summary>TEXT already as UTF-8 bytes.</summary>
    public void WriteUtf8(ReadOnlySpan<byte> value)
    {
        Ensure(sizeof(int) + value.Length);
        Int32Here(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    /// <summary>A field exactly as a binary COPY TO sent it (its length word, then its bytes): a value passed on unchanged.</summary>
    public void WriteField(ReadOnlySpan<byte> field)
    {
        Ensure(field.Length);
        field.CopyTo(_buffer.AsSpan(_length));
        _length += field.Length;
    }

    /// <summary>
    /// NUMERIC from exact sen: digit count, weight (the power of 10,000 of the first digit), sign,
    /// display scale 2, then base-10,000 digits, most significant first, without leading or trailing
    /// zero digits. The integer part (at most 10^17 for a long of sen) takes up to 5 digits; the sen,
    /// if any, are one fractional digit (sen × 100, as 0.45 is 4500 × 10,000^-1). The column's
    /// NUMERIC(18,2) typmod is applied by the server either way.
    /// </summary>
    public void WriteNumeric(Money amount)
    {
        var minor = amount.Minor;
        var magnitude = minor >= 0 ? (ulong)minor : unchecked(0UL - (ulong)minor);
        var whole = magnitude / (ulong)Money.MinorPerMajor;
        var sen = (short)(magnitude % (ulong)Money.MinorPerMajor);

        Span<short> wholeDigits = stackalloc short[5]; // least significant first
        var wholeCount = 0;
        for (var rest = whole; rest > 0; rest /= 10_000)
        {
            wholeDigits[wholeCount++] = (short)(rest % 10_000);
        }

        // Trailing zero digits are dropped; only a value without sen can have any.
        var dropped = 0;
        while (sen == 0 && dropped < wholeCount && wholeDigits[dropped] == 0)
        {
            dropped++;
        }

        var digitCount = wholeCount - dropped + (sen == 0 ? 0 : 1);
        Ensure(sizeof(int) + ((4 + digitCount) * sizeof(short)));
        Int32Here((4 + digitCount) * sizeof(short));
        Int16Here((short)digitCount);
        Int16Here((short)(digitCount == 0 ? 0 : wholeCount - 1)); // a value below 1 has weight -1
        Int16Here(minor < 0 ? NumericNegative : (short)0);
        Int16Here(Money.Scale);
        for (var i = wholeCount - 1; i >= dropped; i--)
        {
            Int16Here(wholeDigits[i]);
        }

        if (sen != 0)
        {
            Int16Here((short)(sen * 100));
        }
    }

    /// <summary>Writes the trailer and ends the COPY; the server's error, if any, is thrown here.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        Ensure(sizeof(short));
        Int16Here(-1);
        await FlushAsync(ct);
        _completed = true;
        await _stream.DisposeAsync(); // sends CopyDone and waits for the server's verdict
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            await CancelAsync();
        }

        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>
    /// Ends an unfinished COPY without keeping any of it (CopyFail). We are unwinding from an error
    /// already: if the connection broke, the stream is gone and cancelling fails too; that second
    /// error must not hide the first, which decides whether the chunk is retried.
    /// </summary>
    private async Task CancelAsync()
    {
        try
        {
            await _stream.CancelAsync();
            await _stream.DisposeAsync();
        }
        catch (Exception e) when (e is NpgsqlException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The original exception is on its way up; the caller's transaction rolls back.
        }
    }

    private async ValueTask FlushAsync(CancellationToken ct)
    {
        await _stream.WriteAsync(_buffer.AsMemory(0, _length), ct);
        _length = 0;
    }

    private void Ensure(int bytes)
    {
        if (_length + bytes > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + bytes));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }

    private void Int16Here(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), value);
        _length += sizeof(short);
    }

    private void Int32Here(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += sizeof(int);
    }
}
