using Dapper;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Validation;
using MonthEnd.Sqlite.Rows;

namespace MonthEnd.Sqlite.Staging;

/// <summary>
/// Each chunk's facts, sealed by the transaction that staged it, from the very entries it wrote; and
/// the batch's staging facts from them, when the staging file's <see cref="StagingWriteChain"/>
/// proves that nothing but those transactions ever wrote the file. Entries never straddle chunks,
/// numbers outside a partition's range are counted by its seal, and a JE number staged twice in a
/// partition is refused by its table's primary key, so the seals' sum is the staged tables' facts.
/// </summary>
internal static class ChunkSeals
{
    public static void Write(SqliteConnection connection, SqliteTransaction transaction, int partitionNo, long fromRecord, StagingFacts facts) =>
        connection.Execute(ChunkSealRow.Insert, ChunkSealRow.InsertArgs(partitionNo, fromRecord, facts), transaction);

    /// <summary>The staging facts from the seals, or why they cannot be taken (the commit then measures every staged row).</summary>
    public static SealedStagingResult Reconcile(SqliteConnection connection, SqliteTransaction transaction)
    {
        if (!StagingWriteChain.Holds(connection, transaction, SqliteDatabase.StagingSchema))
        {
            return SealedStagingResult.Differs("the staging file was written by something other than this batch's chunks");
        }

        var seals = connection.Query<ChunkSealRow>(
            $"SELECT {ChunkSealRow.Columns} FROM {SqliteDatabase.StagingSchema}.staging_chunk_seal", transaction: transaction).ToList();
        return seals.Count == 0
            ? SealedStagingResult.Differs("no chunk is sealed")
            : new SealedStagingResult(StagingFactsSum.Of(seals.Select(s => s.ToFacts())), null);
    }
}
