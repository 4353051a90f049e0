using MonthEnd.Postgres;
using Npgsql;

namespace MonthEnd.Store.Tests.Postgres;

/// <summary>What people are shown of a connection string: never its password.</summary>
public class PostgresConnectionTests
{
    private const string Password = "s3cr3t-Pw";

    [Theory]
    [InlineData("Host=db.example;Port=5433;Database=monthend;Username=batch;Password=s3cr3t-Pw", "db.example:5433/monthend")]
    [InlineData("postgresql://batch:s3cr3t-Pw@db.example:5433/monthend", "db.example:5433/monthend")]
    [InlineData("Host=db.example Password=s3cr3t-Pw;Database=monthend", "(not shown):5432/monthend")]
    [InlineData("Host=db.example;Database=monthend Password=s3cr3t-Pw", "db.example:5432/(not shown)")]
    public async Task a_description_names_host_port_and_database_and_never_the_password(string connection, string description)
    {
        await using var store = new PostgresStore(connection);

        PostgresConnection.Describe(connection).ShouldBe(description);
        store.Description.ShouldNotContain(Password);
    }

    [Theory]
    [InlineData("Host=localhost;Password=s3cr;et-Pw;Username=x")]
    [InlineData("Host=localhost;Password='s3cr3t-Pw")]
    [InlineData("Host=localhost;Port=s3cr3t-Pw")]
    [InlineData("Host=localhost;s3cr3t-Pw")]
    public void why_a_connection_string_is_invalid_quotes_none_of_it(string connection)
    {
        var error = Should.Throw<Exception>(() => new NpgsqlConnectionStringBuilder(connection));

        var why = PostgresConnection.WhyInvalid(error);

        why.ShouldNotContain("s3cr");
        why.ShouldNotContain("et-Pw");
        error.Message.Contains("et-pw", StringComparison.OrdinalIgnoreCase).ShouldBe(connection.Contains(";et-Pw", StringComparison.Ordinal),
            "Npgsql's own message quotes what follows a ';' in an unquoted password: the reason not to show it");
    }

    [Fact]
    public void a_keyword_npgsql_knows_is_named_with_its_value_left_out()
    {
        var error = Should.Throw<ArgumentException>(() => new NpgsqlConnectionStringBuilder("Host=localhost;Port=s3cr3t-Pw"));

        PostgresConnection.WhyInvalid(error).ShouldBe("the value of port is not valid");
    }
}
