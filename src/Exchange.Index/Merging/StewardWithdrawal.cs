using Dapper;
using Exchange.Core.Envelope;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Log;
using Npgsql;

namespace Exchange.Index.Merging;

/// <summary>A steward's withdrawal of a consent, read from the consent topic: the message's id, and the consent it names.</summary>
public sealed record StewardWithdrawal(Guid Id, ConsentWithdrawal Withdrawal)
{
    private const string ConsentInForceSql = """
        select e.subject_key as SubjectKey, c.record::text as Record from current_records c join record_envelope e on e.id = c.envelope_id
        where c.kind = 'consent' and c.source_organisation = @SourceOrganisation and c.source_record_id = @SourceRecordId
        """;

    /// <summary>
    /// The consent a steward withdrew, as a new version: the one in force with its status withdrawn
    /// and the time, sealed as the ingest boundary seals a version (its id is the withdrawal
    /// message's, so a replay makes the same). Null when the index holds no such consent in force
    /// or holds it withdrawn already.
    /// </summary>
    internal async Task<RecordEnvelope?> WithdrawnVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var inForce = await connection.QuerySingleOrDefaultAsync<(string? SubjectKey, string Record)>(new CommandDefinition(ConsentInForceSql,
            new { Withdrawal.SourceOrganisation, Withdrawal.SourceRecordId }, transaction, cancellationToken: cancellationToken));
        if (inForce.Record is null || System.Text.Json.Nodes.JsonNode.Parse(inForce.Record) is not System.Text.Json.Nodes.JsonObject consent
            || (string?)consent["status"] == "withdrawn")
        {
            return null;
        }
        consent["status"] = "withdrawn";
        consent["withdrawnAt"] = Withdrawal.At;
        var canonical = RecordJson.SerializeToUtf8Bytes(RecordJson.Deserialize(RecordKind.Consent, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(consent)),
            RecordKind.Consent);
        using var document = System.Text.Json.JsonDocument.Parse(canonical);
        return new RecordEnvelope
        {
            Id = Id,
            Kind = RecordKind.Consent,
            SchemaVersion = RecordKinds.SchemaVersion,
            SourceOrganisation = Withdrawal.SourceOrganisation,
            SourceRecordId = Withdrawal.SourceRecordId,
            ContentHash = Pseudonymiser.ContentHashOf(inForce.SubjectKey, canonical),
            SubjectKey = inForce.SubjectKey,
            ReceivedAt = Withdrawal.At,
            Record = document.RootElement.Clone(),
        };
    }
}
