using MonthEnd.Core.Storage;

namespace MonthEnd.Core.Audit;

/// <summary>
/// Walks the trail's rows in audit_id order, streamed (<see cref="Add"/> one row at a time; memory stays
/// flat), and stops at the first problem, naming its row: a gap in the numbers (rows deleted), a number
/// that does not follow (a row inserted), a previous MAC that is not the previous row's (a row
/// replaced), a MAC the key does not make (a row edited, or written without the key). The chain alone
/// cannot show rows deleted from its end; given the head an auditor kept (<see cref="AuditHead"/>), the
/// walk also reports a chain that stops short of it or holds another MAC at its number.
/// </summary>
public sealed class AuditVerifier(AuditChain chain, AuditHead? expectedHead = null)
{
    private AuditEntry? _previous;
    private long _verified;
    private AuditProblem? _problem;
    private bool _expectedSeen;

    /// <summary>Checks the next row; false once a problem has been found (later rows are not looked at).</summary>
    public bool Add(AuditEntry row)
    {
        if (_problem is not null)
        {
            return false;
        }

        _problem = Check(row);
        if (_problem is not null)
        {
            return false;
        }

        if (expectedHead is { } head && row.AuditId == head.AuditId)
        {
            _expectedSeen = true;
            if (row.Head.Mac != head.Mac)
            {
                _problem = new AuditProblem(AuditProblemKind.HeadDiffers, row.AuditId,
                    $"row {row.AuditId} verifies with the key but is not the head kept elsewhere ({head}): the chain was rewritten with the key from this row on or before it");
                return false;
            }
        }

        _previous = row;
        _verified++;
        return true;
    }

    public AuditVerification Complete()
    {
        if (_problem is null && expectedHead is { } head && !_expectedSeen)
        {
            var last = _previous?.AuditId ?? 0;
            _problem = new AuditProblem(AuditProblemKind.MissingEnd, last + 1, last == 0
                ? $"the trail is empty, but the head kept elsewhere is row {head.AuditId}: every row was deleted"
                : $"{Rows(last + 1, head.AuditId)} missing from the end: the chain ends at row {last}, the head kept elsewhere is row {head.AuditId}");
        }

        return new AuditVerification(_verified, _previous?.Head, _problem);
    }

    public static AuditVerification Verify(AuditChain chain, IEnumerable<AuditEntry> rows, AuditHead? expectedHead = null)
    {
        var verifier = new AuditVerifier(chain, expectedHead);
        foreach (var row in rows)
        {
            if (!verifier.Add(row))
            {
                break;
            }
        }

        return verifier.Complete();
    }

    /// <summary>Verifies rows as a store streams them; a row the store cannot read (<see cref="AuditRowUnreadableException"/>) is the problem found.</summary>
    public static async Task<AuditVerification> VerifyAsync(
        AuditChain chain, IAsyncEnumerable<AuditEntry> rows, AuditHead? expectedHead, CancellationToken ct)
    {
        var verifier = new AuditVerifier(chain, expectedHead);
        await using var reading = rows.GetAsyncEnumerator(ct);
        while (true)
        {
            try
            {
                if (!await reading.MoveNextAsync())
                {
                    break;
                }
            }
            catch (AuditRowUnreadableException e)
            {
                verifier.Unreadable(e);
                break;
            }

            if (!verifier.Add(reading.Current))
            {
                break;
            }
        }

        return verifier.Complete();
    }

    /// <summary>The next row could not be read: that is the problem, unless one was found before.</summary>
    public void Unreadable(AuditRowUnreadableException e) =>
        _problem ??= new AuditProblem(AuditProblemKind.Unreadable, e.AuditId, e.Message);

    private AuditProblem? Check(AuditEntry row)
    {
        var expectedId = (_previous?.AuditId ?? 0) + 1;
        if (row.AuditId > expectedId)
        {
            return new AuditProblem(AuditProblemKind.MissingRows, row.AuditId, _previous is null
                ? $"{Rows(1, row.AuditId - 1)} missing: the trail starts at row {row.AuditId} (rows were deleted from its start)"
                : $"{Rows(expectedId, row.AuditId - 1)} missing: row {row.AuditId} follows row {_previous.AuditId} (rows were deleted)");
        }

        if (row.AuditId < expectedId)
        {
            return new AuditProblem(AuditProblemKind.OutOfSequence, row.AuditId,
                $"row {row.AuditId} follows row {_previous!.AuditId}: a row was inserted or renumbered");
        }

        if (!AuditSerialization.Knows(row.ChainVersion))
        {
            return new AuditProblem(AuditProblemKind.UnknownVersion, row.AuditId,
                $"row {row.AuditId} has chain version {row.ChainVersion}, which this version of the product does not know");
        }

        if (!row.PreviousMac.AsSpan().SequenceEqual(_previous?.Mac ?? AuditChain.GenesisMac))
        {
            return new AuditProblem(AuditProblemKind.BrokenLink, row.AuditId, _previous is null
                ? $"row {row.AuditId} does not start the chain: its previous MAC is not zero"
                : $"row {row.AuditId} does not link to row {_previous.AuditId}: its previous MAC is not that row's MAC (a row was replaced or the chain spliced)");
        }

        return chain.Verifies(row)
            ? null
            : new AuditProblem(AuditProblemKind.MacMismatch, row.AuditId,
                $"row {row.AuditId} does not match its MAC: a field was edited, or the row was written without the key");
    }

    private static string Rows(long first, long last) => first == last ? $"row {first} is" : $"rows {first}..{last} are";
}
