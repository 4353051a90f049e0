using System.Data;
using System.Runtime.CompilerServices;
using Dapper;

namespace MonthEnd.Postgres;

/// <summary>Lets Dapper pass DateOnly to Npgsql as a DATE (Dapper does not know the type by itself).</summary>
internal sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
{
    public override void SetValue(IDbDataParameter parameter, DateOnly value)
    {
        parameter.DbType = DbType.Date;
        parameter.Value = value;
    }

    public override DateOnly Parse(object value) => value switch
    {
        DateOnly date => date,
        DateTime time => DateOnly.FromDateTime(time),
        _ => throw new DataException($"cannot read {value.GetType().Name} as a date"),
    };

#pragma warning disable CA2255 // Registering a Dapper type handler once per process is what module initializers are for.
    [ModuleInitializer]
    internal static void Register() => SqlMapper.AddTypeHandler(new DateOnlyHandler());
#pragma warning restore CA2255
}
