using Dapper;
using Exchange.Postgres.Migrations;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Index.Tests.Migrations;

[Collection(PostgresCollection.Name)]
public sealed class RecordEnvelopeSchemaTests(PostgresFixture postgres)
{
    private const string InsertSql = """
        insert into record_envelope
          (id, kind, schema_version, source_organisation, source_record_id, content_hash, subject_key, received_at, record)
        values
          (@Id, @Kind, '1.0', @Source, @SourceRecordId, @ContentHash, 'pk_3f1c', @ReceivedAt, @Record::jsonb)
        """;

    private static readonly string HashA = new('a', 64);
    private static readonly string HashB = new('b', 64);

    [Fact]
    public async Task The_shipped_migrations_apply_to_an_empty_database()
    {
        var dataSource = await postgres.CreateDatabaseAsync(TestTimeout.Token());

        var applied = await new MigrationRunner(IndexSchema.Part.Migrations, NullLogger.Instance).ApplyAsync(dataSource, TestTimeout.Token());

        Assert.Contains(applied, m => m is { Version: 1, Name: "record_envelope" });
    }

    [Fact]
    public async Task Rejects_a_second_envelope_with_the_same_source_source_id_and_content_hash()
    {
        var dataSource = await MigratedDatabaseAsync();
        await InsertAsync(dataSource, "uni-01", "S-1001", HashA);

        var duplicate = await Assert.ThrowsAsync<PostgresException>(() => InsertAsync(dataSource, "uni-01", "S-1001", HashA));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, duplicate.SqlState);
        Assert.Equal("record_envelope_source_key", duplicate.ConstraintName);
    }

    [Fact]
    public async Task Accepts_a_new_version_of_the_same_source_record()
    {
        var dataSource = await MigratedDatabaseAsync();
        await InsertAsync(dataSource, "uni-01", "S-1001", HashA);

        await InsertAsync(dataSource, "uni-01", "S-1001", HashB);
        await InsertAsync(dataSource, "uni-02", "S-1001", HashA);
    }

    [Fact]
    public async Task Rejects_an_unknown_record_kind()
    {
        var dataSource = await MigratedDatabaseAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => InsertAsync(dataSource, "uni-01", "S-1", HashA, kind: "student"));

        Assert.Equal("record_envelope_kind_check", error.ConstraintName);
    }

    [Theory]
    [InlineData("upper case")]
    [InlineData("one short")]
    [InlineData("one long")]
    [InlineData("not hex")]
    [InlineData("empty")]
    public async Task Rejects_a_content_hash_that_is_not_lower_case_hex_sha256(string wrong)
    {
        var dataSource = await MigratedDatabaseAsync();
        var hash = wrong switch
        {
            "upper case" => HashA.ToUpperInvariant(),
            "one short" => HashA[1..],
            "one long" => HashA + "0",
            "not hex" => "g" + HashA[1..],
            _ => "",
        };

        var error = await Assert.ThrowsAsync<PostgresException>(() => InsertAsync(dataSource, "uni-01", "S-1", hash));

        Assert.Equal("record_envelope_content_hash_check", error.ConstraintName);
    }

    private async Task<NpgsqlDataSource> MigratedDatabaseAsync()
    {
        var dataSource = await postgres.CreateDatabaseAsync(TestTimeout.Token());
        await new MigrationRunner(IndexSchema.Part.Migrations, NullLogger.Instance).ApplyAsync(dataSource, TestTimeout.Token());
        return dataSource;
    }

    private static async Task InsertAsync(
        NpgsqlDataSource dataSource, string source, string sourceRecordId, string contentHash, string kind = "graduate")
    {
        await using var connection = await dataSource.OpenConnectionAsync(TestTimeout.Token());
        await connection.ExecuteAsync(new CommandDefinition(
            InsertSql,
            new
            {
                Id = Guid.NewGuid(),
                Kind = kind,
                Source = source,
                SourceRecordId = sourceRecordId,
                ContentHash = contentHash,
                ReceivedAt = DateTime.UtcNow,
                Record = """{"educationLevel":"bachelor"}""",
            },
            cancellationToken: TestTimeout.Token()));
    }
}
