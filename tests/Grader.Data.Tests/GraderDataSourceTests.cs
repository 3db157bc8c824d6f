using Npgsql;

namespace Grader.Data.Tests;

public sealed class GraderDataSourceTests
{
    private static NpgsqlConnectionStringBuilder SettingsOf(string connectionString)
    {
        using var source = GraderDataSource.Create(connectionString);
        return new NpgsqlConnectionStringBuilder(source.ConnectionString);
    }

    [Fact]
    public void Statements_are_prepared_automatically_and_connections_not_reset_by_default()
    {
        var settings = SettingsOf("Host=127.0.0.1;Username=u;Database=d");
        Assert.Equal(GraderDataSource.DefaultMaxAutoPrepare, settings.MaxAutoPrepare);
        Assert.True(settings.NoResetOnClose);
    }

    [Fact]
    public void What_the_connection_string_says_wins()
    {
        var settings = SettingsOf("Host=127.0.0.1;Username=u;Database=d;Max Auto Prepare=5;No Reset On Close=false");
        Assert.Equal(5, settings.MaxAutoPrepare);
        Assert.False(settings.NoResetOnClose);
    }
}
