using System.Data.Common;
using Dapper;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>A query's rows as values by position, whatever the driver: what <see cref="IStoreTarget.RowsAsync"/> returns.</summary>
internal static class QueryRows
{
    public static async Task<IReadOnlyList<object?[]>> ReadAsync(DbConnection connection, string sql, object? args)
    {
        await using var reader = await connection.ExecuteReaderAsync(sql, args);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
