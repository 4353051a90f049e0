using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using MonthEnd.Core.Accounting;

namespace MonthEnd.Core.Source;

/// <summary>
/// SHA-256 over the batch's source as in the original design (every record's id and amount, premiums
/// in txn_id order, then claims in claim_id order), extended with the other fields posting reads
/// (date, fund parts, product, claim type) so that any change to what would be posted changes it.
/// One line per record: <c>P:txn_id:payment_date:premium:tabarru:tanahud:ujroh:product</c> or
/// <c>C:claim_id:claim_date:claim_type:amount</c>, amounts as 400000.00, dates as YYYY-MM-DD.
/// </summary>
public sealed class SourceChecksum : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _line = new byte[512];
    private int _length;

    // Lines are gathered and hashed 16 KB at a time: SHA-256 of the concatenation is the same, and
    // one call into the hash per record (a million a month) cost more than the hashing itself.
    private readonly byte[] _gathered = new byte[16 * 1024];
    private int _gatheredLength;

    public void Add(PremiumTxn p)
    {
        _length = 0;
        Text("P:"); Number(p.TxnId); Colon(); Date(p.PaymentDate); Colon(); Amount(p.Premium); Colon();
        Amount(p.Allocation.Tabarru); Colon(); Amount(p.Allocation.Tanahud); Colon(); Amount(p.Allocation.Ujroh); Colon();
        Text(p.ProductCode); Text("\n");
        Gather();
    }

    public void Add(ClaimTxn c)
    {
        _length = 0;
        Text("C:"); Number(c.ClaimId); Colon(); Date(c.ClaimDate); Colon(); Text(c.Route.ClaimType); Colon(); Amount(c.Amount); Text("\n");
        Gather();
    }

    /// <summary>Lower-case hex digest; the checksum cannot be added to afterwards.</summary>
    public string Finish()
    {
        HashGathered();
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public void Dispose() => _hash.Dispose();

    private void Gather()
    {
        if (_gathered.Length - _gatheredLength < _length)
        {
            HashGathered();
        }

        _line.AsSpan(0, _length).CopyTo(_gathered.AsSpan(_gatheredLength));
        _gatheredLength += _length;
    }

    private void HashGathered()
    {
        _hash.AppendData(_gathered, 0, _gatheredLength);
        _gatheredLength = 0;
    }

    private void Colon() => _line[_length++] = (byte)':';

    private void Text(string s) => _length += Encoding.UTF8.GetBytes(s, _line.AsSpan(_length));

    private void Number(long n)
    {
        Utf8Formatter.TryFormat(n, _line.AsSpan(_length), out var written);
        _length += written;
    }

    private void Date(DateOnly d)
    {
        Utf8Formatter.TryFormat(d.Year, _line.AsSpan(_length), out var w, new System.Buffers.StandardFormat('D', 4));
        _length += w;
        _line[_length++] = (byte)'-';
        Utf8Formatter.TryFormat(d.Month, _line.AsSpan(_length), out w, new System.Buffers.StandardFormat('D', 2));
        _length += w;
        _line[_length++] = (byte)'-';
        Utf8Formatter.TryFormat(d.Day, _line.AsSpan(_length), out w, new System.Buffers.StandardFormat('D', 2));
        _length += w;
    }

    private void Amount(Money m)
    {
        var minor = m.Minor;
        if (minor < 0)
        {
            _line[_length++] = (byte)'-';
        }

        var abs = (ulong)Int128.Abs(minor);
        Utf8Formatter.TryFormat(abs / Money.MinorPerMajor, _line.AsSpan(_length), out var w);
        _length += w;
        _line[_length++] = (byte)'.';
        Utf8Formatter.TryFormat(abs % Money.MinorPerMajor, _line.AsSpan(_length), out w, new System.Buffers.StandardFormat('D', 2));
        _length += w;
    }
}
