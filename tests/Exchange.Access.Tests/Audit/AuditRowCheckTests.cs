using System.Text;
using Exchange.Testing;
using Npgsql;
using NpgsqlTypes;

namespace Exchange.Access.Tests.Audit;

/// <summary>
/// The database's own checks on audit rows, the second lock behind the application's. The
/// resident-id check (<c>audit_contains_resident_id</c>) is held to the definition it was first
/// given (Access migration 0001: each value tested on its own) over generated values: ids at the
/// start, end or middle of a value, next to letters, digits or separators, split across
/// neighbouring values, and strings that only nearly are ids. A hash is 64 lower-case hex digits.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditRowCheckTests(PostgresFixture fixture)
{
    private const string FirstDefinition = """
        create function pg_temp.contains_resident_id_as_first_defined(vals text[]) returns boolean
          language sql immutable strict
          as $$
            select exists (
              select 1 from unnest(vals) as v
              where v ~ '(^|[^0-9A-Za-z])[0-9]{6}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]([^0-9A-Za-z]|$)')
          $$
        """;

    private static readonly string[] Neighbours = ["", " ", "-", "/", "\n", "a", "Z", "7", "x", "中", "_", ".", "0"];

    [Fact]
    public async Task The_check_finds_a_resident_id_exactly_where_each_value_tested_on_its_own_would()
    {
        var database = await AuditTestDatabase.CreateAsync(fixture, TestTimeout.Token());
        await using var connection = await database.DataSource.OpenConnectionAsync(TestTimeout.Token());
        await using (var define = new NpgsqlCommand(FirstDefinition, connection))
            await define.ExecuteNonQueryAsync(TestTimeout.Token());

        var random = new Random(20261204);
        var cases = Enumerable.Range(0, 3000).Select(_ => Values(random)).ToList();
        var found = 0;
        await using var compare = new NpgsqlCommand(
            "select audit_contains_resident_id(@vals), pg_temp.contains_resident_id_as_first_defined(@vals)", connection);
        var parameter = compare.Parameters.Add(new NpgsqlParameter("vals", NpgsqlDbType.Array | NpgsqlDbType.Text));
        foreach (var values in cases)
        {
            parameter.Value = values;
            await using var reader = await compare.ExecuteReaderAsync(TestTimeout.Token());
            await reader.ReadAsync(TestTimeout.Token());
            var (now, first) = (reader.GetBoolean(0), reader.GetBoolean(1));
            Assert.True(now == first, $"[{string.Join(" | ", values.Select(v => v.Replace("\n", "\\n", StringComparison.Ordinal)))}]: now {now}, as first defined {first}");
            found += first ? 1 : 0;
        }

        // Both verdicts occur often enough for the comparison to mean something.
        Assert.InRange(found, cases.Count / 5, cases.Count * 4 / 5);
    }

    [Theory]
    [InlineData("hash", "")]
    [InlineData("hash", "0")]
    [InlineData("hash", "ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    [InlineData("hash", "abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678")]
    [InlineData("hash", "abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567890")]
    [InlineData("hash", "abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678g")]
    [InlineData("hash", " bcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    [InlineData("hash", "abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678\n")]
    [InlineData("previous_hash", "abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678\u00e9")]
    [InlineData("previous_hash", "abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567-9")]
    public async Task A_row_whose_hash_is_not_64_lower_case_hex_digits_is_refused(string column, string value)
    {
        var database = await AuditTestDatabase.CreateAsync(fixture, TestTimeout.Token());
        var good = new string('a', 32) + new string('7', 32);
        await using var connection = await database.DataSource.OpenConnectionAsync(TestTimeout.Token());
        const string insert = """
            insert into audit_entry (sequence, at, caller_client_id, caller_organisation, purpose, subject_handle,
                                     action, fields_released, decision, rule, previous_hash, hash)
            values (@Sequence, now(), 'c', 'o', 'p', 'cand_x', 'a', '{}', 'permit', 'r', @Previous, @Hash)
            """;
        await using (var accepted = new NpgsqlCommand(insert, connection))
        {
            accepted.Parameters.AddWithValue("Sequence", 1L);
            accepted.Parameters.AddWithValue("Previous", good);
            accepted.Parameters.AddWithValue("Hash", good);
            await accepted.ExecuteNonQueryAsync(TestTimeout.Token());
        }

        await using var refused = new NpgsqlCommand(insert, connection);
        refused.Parameters.AddWithValue("Sequence", 2L);
        refused.Parameters.AddWithValue("Previous", column == "previous_hash" ? System.Text.RegularExpressions.Regex.Unescape(value) : good);
        refused.Parameters.AddWithValue("Hash", column == "hash" ? System.Text.RegularExpressions.Regex.Unescape(value) : good);
        var error = await Assert.ThrowsAsync<PostgresException>(() => refused.ExecuteNonQueryAsync(TestTimeout.Token()));

        Assert.Equal($"audit_entry_{column}_check", error.ConstraintName);
    }

    private static string[] Values(Random random)
    {
        var values = new string[random.Next(1, 6)];
        for (var i = 0; i < values.Length; i++)
        {
            var value = new StringBuilder();
            value.Append(Neighbours[random.Next(Neighbours.Length)]);
            if (random.Next(3) == 0)
                value.Append(Filler(random));
            if (random.Next(3) == 0)
                value.Append(IdLike(random));
            else if (random.Next(2) == 0)
                value.Append(Digits(random, random.Next(1, 12)));
            value.Append(Neighbours[random.Next(Neighbours.Length)]);
            values[i] = value.ToString();
        }
        return values;
    }

    // Eighteen characters of the id's shape, or now and then one character off it.
    private static string IdLike(Random random)
    {
        var id = new StringBuilder()
            .Append(Digits(random, 6))
            .Append(random.Next(2) == 0 ? "19" : "20")
            .Append(Digits(random, 2))
            .Append((random.Next(1, 13)).ToString("00", System.Globalization.CultureInfo.InvariantCulture))
            .Append((random.Next(1, 32)).ToString("00", System.Globalization.CultureInfo.InvariantCulture))
            .Append(Digits(random, 3))
            .Append(random.Next(4) == 0 ? (random.Next(2) == 0 ? "X" : "x") : Digits(random, 1));
        if (random.Next(4) == 0)
            id[random.Next(id.Length)] = "0Xa13"[random.Next(5)];
        if (random.Next(6) == 0)
            id.Remove(random.Next(id.Length), 1);
        return id.ToString();
    }

    private static string Digits(Random random, int count) =>
        string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + random.Next(10))));

    private static string Filler(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => "ab1 -X9/"[random.Next(8)]));
}
