using Exchange.Postgres.Embedded;

namespace Exchange.Postgres.Tests.Embedded;

public sealed class PostgresBinariesTests
{
    [Fact]
    public void Finds_the_installed_server_binaries_without_configuration()
    {
        var binaries = PostgresBinaries.Locate(configuredBinDirectory: null);

        Assert.True(File.Exists(binaries.InitDb), binaries.InitDb);
        Assert.True(File.Exists(binaries.PgCtl), binaries.PgCtl);
        Assert.True(File.Exists(binaries.Postgres), binaries.Postgres);
    }

    [Theory]
    [InlineData("postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)", "15")]
    [InlineData("postgres (PostgreSQL) 17.2", "17")]
    [InlineData("postgres (PostgreSQL) 9.6.24", "9.6")]
    public void Reads_the_major_version_the_way_PG_VERSION_writes_it(string versionOutput, string expected)
    {
        Assert.Equal(expected, PostgresBinaries.ParseMajorVersion(versionOutput));
    }
}
