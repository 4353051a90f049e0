using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Posting;

namespace MonthEnd.Core.Validation;

/// <summary>
/// One 128-bit hash per staged or ledger row over every column that carries meaning (version 1):
/// a header's type, reference type, template, description, JE number, date, reference id and
/// totals; a line's account, fund, description, JE number, line number and amounts. The same
/// encoding is fed from posted entries (what the rules make of a source record) and from rows read
/// back from either store (what is staged), so two rows hash alike exactly when they are alike.
/// A row's texts come first (a template's are encoded once: <see cref="RowTexts"/>), its numbers
/// after; texts are written as their UTF-8 bytes with their length (a NULL apart from an empty
/// text), a text over <see cref="InlineTextLimit"/> bytes as its own hash, so a row always fits a
/// small stack buffer.
/// </summary>
public static class EntryContent
{
    private const byte HeaderTag = (byte)'H';
    private const byte LineTag = (byte)'L';
    private const byte Version = 1;
    private const int InlineTextLimit = 64;
    private const int BufferSize = 512;
    private static readonly ConditionalWeakTable<PostingTemplate, TemplateTexts> Templates = [];

    /// <summary>A header's texts, encoded: the start of its hash input.</summary>
    public static RowTexts HeaderTexts(string jeType, string referenceType, string templateCode, string? description)
    {
        var w = new Writer(stackalloc byte[BufferSize], HeaderTag);
        w.Text(jeType);
        w.Text(referenceType);
        w.Text(templateCode);
        w.Text(description);
        return new RowTexts(w.Written.ToArray());
    }

    /// <summary>A line's texts, encoded: the start of its hash input.</summary>
    public static RowTexts LineTexts(string accountCode, Fund? fund, string? description)
    {
        var w = new Writer(stackalloc byte[BufferSize], LineTag);
        w.Text(accountCode);
        w.Text(fund?.Code());
        w.Text(description);
        return new RowTexts(w.Written.ToArray());
    }

    public static UInt128 Header(RowTexts texts, long jeNumber, DateOnly jeDate, long referenceId, Money totalDebit, Money totalCredit)
    {
        var w = new Writer(stackalloc byte[BufferSize], texts.Bytes);
        HeaderNumbers(ref w, jeNumber, jeDate, referenceId, totalDebit, totalCredit);
        return w.Hash();
    }

    public static UInt128 Line(RowTexts texts, long jeNumber, short lineNumber, Money debit, Money credit)
    {
        var w = new Writer(stackalloc byte[BufferSize], texts.Bytes);
        LineNumbers(ref w, jeNumber, lineNumber, debit, credit);
        return w.Hash();
    }

    public static UInt128 Header(
        long jeNumber, DateOnly jeDate, string jeType, string referenceType, long referenceId, string templateCode, string? description,
        Money totalDebit, Money totalCredit) =>
        Header(HeaderTexts(jeType, referenceType, templateCode, description), jeNumber, jeDate, referenceId, totalDebit, totalCredit);

    /// <summary>The same hash from texts as UTF-8 bytes (a store reading raw columns); a null description is <c>default</c> with <paramref name="descriptionIsNull"/>.</summary>
    public static UInt128 Header(
        long jeNumber, DateOnly jeDate, ReadOnlySpan<byte> jeType, ReadOnlySpan<byte> referenceType, long referenceId, ReadOnlySpan<byte> templateCode,
        ReadOnlySpan<byte> description, bool descriptionIsNull, Money totalDebit, Money totalCredit)
    {
        var w = new Writer(stackalloc byte[BufferSize], HeaderTag);
        w.Utf8(jeType, isNull: false);
        w.Utf8(referenceType, isNull: false);
        w.Utf8(templateCode, isNull: false);
        w.Utf8(description, descriptionIsNull);
        HeaderNumbers(ref w, jeNumber, jeDate, referenceId, totalDebit, totalCredit);
        return w.Hash();
    }

    public static UInt128 Line(long jeNumber, short lineNumber, string accountCode, Fund? fund, Money debit, Money credit, string? description) =>
        Line(LineTexts(accountCode, fund, description), jeNumber, lineNumber, debit, credit);

    /// <summary>The same hash from texts as UTF-8 bytes; <paramref name="fund"/> is already parsed (null for none).</summary>
    public static UInt128 Line(
        long jeNumber, short lineNumber, ReadOnlySpan<byte> accountCode, Fund? fund, Money debit, Money credit, ReadOnlySpan<byte> description,
        bool descriptionIsNull)
    {
        var w = new Writer(stackalloc byte[BufferSize], LineTag);
        w.Utf8(accountCode, isNull: false);
        w.Utf8(FundCode(fund), isNull: fund is null);
        w.Utf8(description, descriptionIsNull);
        LineNumbers(ref w, jeNumber, lineNumber, debit, credit);
        return w.Hash();
    }

    /// <summary>
    /// A hash no well-typed row has: for a row whose values read like a posted entry's but are not
    /// stored as the ledger keeps them (a store that holds any type in any column, a batch-wide
    /// column changed by hand), so it can never pass as what the rules make.
    /// </summary>
    public static UInt128 Unlike(UInt128 content) => unchecked(content + 1);

    /// <summary>A template's header and line texts, encoded once per template.</summary>
    public static TemplateTexts TextsOf(PostingTemplate template) =>
        Templates.GetValue(template, t => new TemplateTexts(
            HeaderTexts(t.JeType, t.Source.Code(), t.Code, t.Description),
            [.. t.Lines.Select(l => LineTexts(l.Account.Code, l.Fund, l.Memo))]));

    /// <summary>A posted entry's header and lines, as they will be staged.</summary>
    public static ContentDigest Of(JournalEntry entry) => Of(entry, TextsOf(entry.Template));

    private static ContentDigest Of(JournalEntry entry, TemplateTexts texts)
    {
        var digest = ContentDigest.Empty.Add(Header(texts.Header, entry.JeNumber, entry.JeDate, entry.ReferenceId, entry.TotalDebit, entry.TotalCredit));
        for (var i = 0; i < entry.Lines.Count; i++)
        {
            digest = digest.Add(LineOf(entry, i, texts));
        }

        return digest;
    }

    /// <summary>A posted line's hash; its template's texts when the line carries them (it always does when the engine built it).</summary>
    public static UInt128 LineOf(JournalEntry entry, int index, TemplateTexts texts)
    {
        var line = entry.Lines[index];
        var template = index < entry.Template.Lines.Count ? entry.Template.Lines[index] : null;
        var ownTexts = template is not null && ReferenceEquals(line.AccountCode, template.Account.Code) && line.Fund == template.Fund
                       && ReferenceEquals(line.Description, template.Memo)
            ? texts.Lines[index]
            : LineTexts(line.AccountCode, line.Fund, line.Description);
        return Line(ownTexts, entry.JeNumber, line.LineNumber, line.Debit, line.Credit);
    }

    private static ReadOnlySpan<byte> FundCode(Fund? fund) => fund switch
    {
        Fund.Tabarru => "TABARRU"u8,
        Fund.Tanahud => "TANAHUD"u8,
        Fund.Ujroh => "UJROH"u8,
        null => default,
        _ => throw new ArgumentOutOfRangeException(nameof(fund), fund, "unknown fund"),
    };

    private static void HeaderNumbers(ref Writer w, long jeNumber, DateOnly jeDate, long referenceId, Money totalDebit, Money totalCredit)
    {
        w.Number(jeNumber);
        w.Number(jeDate.DayNumber);
        w.Number(referenceId);
        w.Number(totalDebit.Minor);
        w.Number(totalCredit.Minor);
    }

    private static void LineNumbers(ref Writer w, long jeNumber, short lineNumber, Money debit, Money credit)
    {
        w.Number(jeNumber);
        w.Number(lineNumber);
        w.Number(debit.Minor);
        w.Number(credit.Minor);
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

        /// <summary>Starts from a row's encoded texts (which begin with the version and tag).</summary>
        public Writer(Span<byte> buffer, ReadOnlySpan<byte> texts)
        {
            _buffer = buffer;
            texts.CopyTo(_buffer);
            _length = texts.Length;
        }

        public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

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

/// <summary>A row's texts as <see cref="EntryContent"/> encodes them, ready to be followed by its numbers.</summary>
public sealed class RowTexts(byte[] bytes)
{
    public ReadOnlySpan<byte> Bytes => bytes;
}

/// <summary>A template's header texts and each of its lines' texts, encoded.</summary>
public sealed record TemplateTexts(RowTexts Header, IReadOnlyList<RowTexts> Lines);
