using Npgsql;

namespace Dashboard.Tests.Infrastructure;

public class TestProviderTests
{
    [Fact]
    public void Creates_a_usable_database_on_the_test_server_and_drops_it()
    {
        if (Environment.GetEnvironmentVariable(TestProvider.ServerVariable) is not { Length: > 0 })
        {
            // No server: only right for the SQLite run, and asking for the server says what is missing.
            Assert.False(TestProvider.IsPostgreSql, $"{TestProvider.ProviderVariable}=PostgreSQL but {TestProvider.ServerVariable} is not set");
            var missing = Assert.Throws<InvalidOperationException>(() => TestProvider.ServerConnectionString);
            Assert.Contains(TestProvider.ServerVariable, missing.Message);
            return;
        }

        var connectionString = TestProvider.CreateDatabase();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        Assert.StartsWith("t_", name);
        Assert.True(Exists(name));
        using (var connection = new NpgsqlConnection(connectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand("SELECT current_database()", connection);
            Assert.Equal(name, command.ExecuteScalar());
        } // left in the pool: the drop must cope with that

        TestProvider.DropDatabase(connectionString);

        Assert.False(Exists(name));
    }

    private static bool Exists(string? name)
    {
        var admin = new NpgsqlConnectionStringBuilder(TestProvider.ServerConnectionString) { Database = "postgres" };
        using var connection = new NpgsqlConnection(admin.ToString());
        connection.Open();
        using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", name ?? "");
        return (long)command.ExecuteScalar()! == 1;
    }
}
