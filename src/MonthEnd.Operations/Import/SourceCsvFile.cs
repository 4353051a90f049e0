using CsvHelper;
using MonthEnd.Core.Import;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Privacy;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Source;

namespace MonthEnd.Operations.Import;

/// <summary>
/// An import file read with CsvHelper, one record at a time: RFC 4180 quoting (line breaks inside
/// quotes allowed), a header required, UTF-8. The header is matched when the file is opened
/// (<see cref="ImportHeader"/>); records are read into source records as the store takes them, each
/// checked (<see cref="ImportRows"/>) with its findings handed on, so nothing of the file is held
/// but the record being read.
/// </summary>
internal sealed class SourceCsvFile : IDisposable
{
    /// <summary>Beyond this a record is refused as a whole file problem: an unclosed quote would otherwise swallow the file.</summary>
    public const int MaxRecordBytes = 1 << 20;

    private readonly CsvReader _reader;
    private readonly int[] _positions;
    private readonly string[] _fields;
    private readonly Action<ImportFinding> _sink;

    public SourceCsvFile(string path, SourceKind kind, Action<ImportFinding> sink)
    {
        _sink = sink;
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = true,
            AllowLineBreaksInQuotes = true,
            TrackLineNumbers = true,
            TrimWhitespace = false,
            MaxRecordSize = MaxRecordBytes,
            IncludeValuesInExceptions = false,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            OnMalformedRecord = Malformed,
        };
        _reader = CsvReader.FromFile(path, options);
        try
        {
            _reader.ReadHeader();
            _positions = ImportHeader.Match([.. _reader.Headers], ImportLayout.For(kind));
        }
        catch (CsvFormatException e)
        {
            _reader.Dispose();
            throw new ImportFileException($"the header cannot be read: {e.Message}");
        }
        catch
        {
            _reader.Dispose();
            throw;
        }

        _fields = new string[_positions.Length];
    }

    /// <summary>Data records read so far (the header not counted).</summary>
    public long Records { get; private set; }

    public IEnumerable<PremiumRecord> Premiums(RuleSet rules) =>
        Read((line, fields) => ImportRows.ReadPremium(line, fields, rules, _sink, out _));

    public IEnumerable<ClaimRecord> Claims(RuleSet rules) =>
        Read((line, fields) => ImportRows.ReadClaim(line, fields, rules, _sink, out _));

    private IEnumerable<T> Read<T>(Func<long, string[], T> read)
    {
        while (Next())
        {
            var line = _reader.LineNumber;
            Records++;
            if (_reader.FieldCount != _positions.Length)
            {
                _sink(new ImportFinding(line, ImportRule.WholeRecord, ImportRule.FieldCount,
                    RedactableText.Of($"the record has {_reader.FieldCount} fields; the header has {_positions.Length}")));
                continue;
            }

            for (var i = 0; i < _positions.Length; i++)
            {
                _fields[i] = _reader.GetString(_positions[i]);
            }

            yield return read(line, _fields);
        }
    }

    private bool Next()
    {
        try
        {
            return _reader.Read();
        }
        catch (CsvFormatException e)
        {
            throw new ImportFileException($"line {e.LineNumber}: the file cannot be read past this record: {e.Message}");
        }
    }

    private void Malformed(CsvMalformedRecord record) =>
        _sink(new ImportFinding(record.LineNumber, ImportRule.WholeRecord, ImportRule.Quoting,
            RedactableText.Of($"the record's quoting breaks RFC 4180 ({record.Reason})")));

    public void Dispose() => _reader.Dispose();
}

/// <summary>A file refused as a whole: its header does not match the layout, or it cannot be read as CSV.</summary>
public sealed class ImportFileException(string message) : Exception(message);
