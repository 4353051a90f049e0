using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Posting;

namespace MonthEnd.Core.Validation;

/// <summary>
/// One 128-bit hash per staged or ledger row over every column that carries meaning (version 1):
/// a header's JE number, date, type, reference type and id, template, description and totals; a
/// line's JE number, line number, account, fund, amounts and description. The same encoding is
/// fed from posted entries (what the rules make of a source record) and from rows read back from
/// either store (what is staged), so two rows hash alike exactly when they are alike. Texts are
/// written as their UTF-8 bytes with their length (a NULL apart from an empty text); a text over
/// <see cref="InlineTextLimit"/> bytes as its own hash, so a row always fits the stack buffer.
/// </summary>
public static class EntryContent
{
    private const byte HeaderTag = (byte)'H';
    private const byte LineTag = (byte)'L';
    private const byte Version = 1;
    private const int InlineTextLimit = 64;
    private const int BufferSize = 512;

    public static UInt128 Header(
        long jeNumber, DateOnly jeDate, string jeType, string referenceType, long referenceId, string templateCode, string? description,
        Money totalDebit, Money totalCredit)
    {
        var w = new Writer(stackalloc byte[BufferSize], HeaderTag);
        w.Number(jeNumber);
        w.Number(jeDate.DayNumber);
        w.Text(jeType);
        w.Text(referenceType);
        w.Number(referenceId);
        w.Text(templateCode);
        w.Text(description);
        w.Number(totalDebit.Minor);
        w.Number(totalCredit.Minor);
        return w.Hash();
    }

    /// <summary>The same hash from texts as UTF-8 bytes (a store reading raw columns); a null text is <c>default</c> with <paramref name="descriptionIsNull"/>.</summary>
    public static UInt128 Header(
        long jeNumber, DateOnly jeDate, ReadOnlySpan<byte> jeType, ReadOnlySpan<byte> referenceType, long referenceId, ReadOnlySpan<byte> templateCode,
        ReadOnlySpan<byte> description, bool descriptionIsNull, Money totalDebit, Money totalCredit)
    {
        var w = new Writer(stackalloc byte[BufferSize], HeaderTag);
        w.Number(jeNumber);
        w.Number(jeDate.DayNumber);
        w.Utf8(jeType, isNull: false);
        w.Utf8(referenceType, isNull: false);
        w.Number(referenceId);
        w.Utf8(templateCode, isNull: false);
        w.Utf8(description, descriptionIsNull);
        w.Number(totalDebit.Minor);
        w.Number(totalCredit.Minor);
        return w.Hash();
    }

    public static UInt128 Line(long jeNumber, short lineNumber, string accountCode, Fund? fund, Money debit, Money credit, string? description)
    {
        var w = new Writer(stackalloc byte[BufferSize], LineTag);
        w.Number(jeNumber);
        w.Number(lineNumber);
        w.Text(accountCode);
        w.Text(fund?.Code());
        w.Number(debit.Minor);
        w.Number(credit.Minor);
        w.Text(description);
        return w.Hash();
    }

    /// <summary>The same hash from texts as UTF-8 bytes; <paramref name="fund"/> is already parsed (null for none).</summary>
    public static UInt128 Line(
        long jeNumber, short lineNumber, ReadOnlySpan<byte> accountCode, Fund? fund, Money debit, Money credit, ReadOnlySpan<byte> description,
        bool descriptionIsNull)
    {
        var w = new Writer(stackalloc byte[BufferSize], LineTag);
        w.Number(jeNumber);
        w.Number(lineNumber);
        w.Utf8(accountCode, isNull: false);
        w.Text(fund?.Code());
        w.Number(debit.Minor);
        w.Number(credit.Minor);
        w.Utf8(description, descriptionIsNull);
        return w.Hash();
    }

    /// <summary>A posted entry's header and lines, as they will be staged.</summary>
    public static ContentDigest Of(JournalEntry entry)
    {
        var template = entry.Template;
        var digest = ContentDigest.Empty.Add(Header(entry.JeNumber, entry.JeDate, template.JeType, entry.ReferenceType.Code(), entry.ReferenceId,
            template.Code, template.Description, entry.TotalDebit, entry.TotalCredit));
        foreach (var line in entry.Lines)
        {
            digest = digest.Add(Line(entry.JeNumber, line.LineNumber, line.AccountCode, line.Fund, line.Debit, line.Credit, line.Description));
        }

        return digest;
    }

    private ref struct Writer
    {
        private readonly Span<byte> _buffer;
        private int _length;

        public Writer(Span<byte> buffer, byte tag)
        {
            _buffer = buffer;
            _buffer[0] = Version;
            _buffer[1] = tag;
            _length = 2;
        }

        public void Number(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(_buffer[_length..], value);
            _length += sizeof(long);
        }

        public void Text(string? text)
        {
            if (text is null)
            {
                Length(-1);
                return;
            }

            var bytes = Encoding.UTF8.GetByteCount(text);
            if (bytes > InlineTextLimit)
            {
                Utf8(Encoding.UTF8.GetBytes(text), isNull: false);
                return;
            }

            Length(bytes);
            _length += Encoding.UTF8.GetBytes(text, _buffer[_length..]);
        }

        public void Utf8(ReadOnlySpan<byte> text, bool isNull)
        {
            if (isNull)
            {
                Length(-1);
            }
            else if (text.Length > InlineTextLimit)
            {
                Length(text.Length);
                BinaryPrimitives.WriteUInt128LittleEndian(_buffer[_length..], XxHash128.HashToUInt128(text));
                _length += 16;
            }
            else
            {
                Length(text.Length);
                text.CopyTo(_buffer[_length..]);
                _length += text.Length;
            }
        }

        public readonly UInt128 Hash() => XxHash128.HashToUInt128(_buffer[.._length]);

        private void Length(int length)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_buffer[_length..], length);
            _length += sizeof(int);
        }
    }
}
