using System.Buffers;
using System.Buffers.Binary;
using MonthEnd.Core.Accounting;
using Npgsql;

namespace MonthEnd.Postgres.Staging;

/// <summary>
/// The rows of a <c>COPY (SELECT …) TO STDOUT (FORMAT BINARY)</c>, read whole into one pooled
/// buffer and decoded in place: the counterpart of <see cref="BinaryCopyWriter"/>. Why not a data
/// reader: a reversal reads back every row of the original batch (9 million for a 1M-premium batch),
/// and a reader makes a string per text and a <see cref="decimal"/> per amount, where here a text
/// stays a span of its UTF-8 bytes (hashed and copied as they are) and NUMERIC's base-10,000 digits
/// become sen directly. The buffer holds one chunk (a few MB).
/// </summary>
/// <remarks>Format: https://www.postgresql.org/docs/current/sql-copy.html (binary format) and the types' send functions.</remarks>
internal sealed class BinaryCopyReader : IDisposable
{
    private const int SignatureLength = 11;
    private const ushort NumericNegative = 0x4000;
    private const ushort NumericPositive = 0x0000;
    private static readonly int PostgresEpochDay = new DateOnly(2000, 1, 1).DayNumber;

    private byte[] _buffer;
    private readonly int _length;
    private int _position;

    private BinaryCopyReader(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
        ReadOnlySpan<byte> signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];
        if (length < SignatureLength + 8 || !buffer.AsSpan(0, SignatureLength).SequenceEqual(signature))
        {
            throw new InvalidDataException("not a binary COPY stream");
        }

        // Flags (bit 16: OIDs, never asked for), then the header extension's length, skipped.
        _position = SignatureLength + sizeof(int);
        _position += sizeof(int) + Int32At(_position);
    }

    /// <param name="copyCommand">A <c>COPY (SELECT …) TO STDOUT (FORMAT BINARY)</c>.</param>
    public static async Task<BinaryCopyReader> ReadAsync(NpgsqlConnection connection, string copyCommand, int expectedBytes, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(expectedBytes, 64 * 1024));
        var length = 0;
        try
        {
            await using var stream = await connection.BeginRawBinaryCopyAsync(copyCommand, ct);
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            return new BinaryCopyReader(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Moves to the next row and reads its fields' places; false at the trailer.</summary>
    public bool NextRow(Span<CopyField> fields)
    {
        var count = Int16At(_position);
        _position += sizeof(short);
        if (count == -1)
        {
            return false;
        }

        if (count != fields.Length)
        {
            throw new InvalidDataException($"a COPY row of {count} fields where {fields.Length} were asked for");
        }

        for (var i = 0; i < count; i++)
        {
            var length = Int32At(_position);
            fields[i] = new CopyField(_position, length);
            _position += sizeof(int) + Math.Max(0, length);
            if (_position > _length)
            {
                throw new InvalidDataException("a COPY row runs past the end of the stream");
            }
        }

        return true;
    }

    /// <summary>A field as sent: its length word and its bytes (the length word alone for NULL), to be copied into a COPY FROM as it is.</summary>
    public ReadOnlySpan<byte> Raw(CopyField field) => _buffer.AsSpan(field.Start, sizeof(int) + Math.Max(0, field.Length));

    /// <summary>A field's bytes (empty for NULL: ask <see cref="CopyField.IsNull"/>).</summary>
    public ReadOnlySpan<byte> Bytes(CopyField field) => _buffer.AsSpan(field.Start + sizeof(int), Math.Max(0, field.Length));

    public long Int64(CopyField field) => BinaryPrimitives.ReadInt64BigEndian(Value(field, sizeof(long)));

    public short Int16(CopyField field) => BinaryPrimitives.ReadInt16BigEndian(Value(field, sizeof(short)));

    public bool Boolean(CopyField field) => Value(field, 1)[0] != 0;

    /// <summary>DATE: days since 2000-01-01; the infinities have no <see cref="DateOnly"/>.</summary>
    public DateOnly Date(CopyField field)
    {
        var days = BinaryPrimitives.ReadInt32BigEndian(Value(field, sizeof(int)));
        return days is int.MinValue or int.MaxValue
            ? throw new InvalidDataException("an infinite date where an entry's date was expected")
            : DateOnly.FromDayNumber(PostgresEpochDay + days);
    }

    /// <summary>NUMERIC as exact sen (see <see cref="Money"/>).</summary>
    public Money Amount(CopyField field) => NumericMoney(Bytes(field), field.IsNull);

    /// <summary>
    /// NUMERIC's send format (digit count, weight, sign, display scale, then base-10,000 digits, most
    /// significant first, the digit at index i worth 10,000^(weight - i)) as sen: the digits down to
    /// 10,000^0 are the whole part, the one at 10,000^-1 holds the sen (times 100); anything finer than
    /// a sen, NaN, an infinity or a value beyond a long of sen is refused, not rounded.
    /// </summary>
    public static Money NumericMoney(ReadOnlySpan<byte> value, bool isNull = false)
    {
        if (isNull || value.Length < 8)
        {
            throw new InvalidDataException(isNull ? "NULL where an amount was expected" : "a NUMERIC shorter than its header");
        }

        var count = BinaryPrimitives.ReadInt16BigEndian(value);
        var weight = BinaryPrimitives.ReadInt16BigEndian(value[2..]);
        var sign = BinaryPrimitives.ReadUInt16BigEndian(value[4..]);
        if (sign is not (NumericPositive or NumericNegative))
        {
            throw new InvalidDataException("NaN or an infinity where an amount was expected");
        }

        if (count < 0 || value.Length != 8 + (2 * count))
        {
            throw new InvalidDataException("a NUMERIC whose length does not match its digit count");
        }

        var whole = 0L;
        var sen = 0L;
        for (var i = 0; i < Math.Max((int)count, weight + 1); i++)
        {
            var digit = i < count ? BinaryPrimitives.ReadInt16BigEndian(value[(8 + (2 * i))..]) : (short)0;
            if (digit is < 0 or > 9_999)
            {
                throw new InvalidDataException($"a NUMERIC digit {digit} outside 0-9999");
            }

            var power = weight - i;
            if (power >= 0)
            {
                whole = checked((whole * 10_000) + digit);
            }
            else if (power == -1 && digit % 100 == 0)
            {
                sen = digit / 100;
            }
            else if (digit != 0)
            {
                throw new InvalidDataException("an amount with a fraction of a sen");
            }
        }

        var minor = checked((whole * Money.MinorPerMajor) + sen);
        return Money.FromMinor(sign == NumericNegative ? -minor : minor);
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private ReadOnlySpan<byte> Value(CopyField field, int size) =>
        field.Length == size ? _buffer.AsSpan(field.Start + sizeof(int), size) : throw new InvalidDataException($"a field of {field.Length} bytes where {size} were expected");

    private short Int16At(int position) => position + sizeof(short) <= _length
        ? BinaryPrimitives.ReadInt16BigEndian(_buffer.AsSpan(position))
        : throw new InvalidDataException("the COPY stream ends without its trailer");

    private int Int32At(int position) => position + sizeof(int) <= _length
        ? BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(position))
        : throw new InvalidDataException("the COPY stream ends inside a row");
}

/// <summary>Where a field of the current row lies in the reader's buffer: its length word's offset and its length (-1 for NULL).</summary>
internal readonly record struct CopyField(int Start, int Length)
{
    public bool IsNull => Length < 0;
}
