using System.Globalization;
using System.Text.Json;

namespace Exchange.Log;

/// <summary>
/// A steward's withdrawal of one consent on the graduate's behalf, as it travels on
/// <c>exchange.consent.v1</c> beside the consent records: it names the consent (its sender and
/// record id) rather than carrying a new version of it. Keyed by the subject, so it follows the
/// consent's versions in their partition. Every reader of the topic (the consent projection, the
/// merger) reads it through this contract.
/// </summary>
/// <param name="SourceOrganisation">The consent's sender.</param>
/// <param name="SourceRecordId">The consent's record id.</param>
/// <param name="At">When it was withdrawn.</param>
public sealed record ConsentWithdrawal(string SourceOrganisation, string SourceRecordId, DateTimeOffset At)
{
    /// <summary>The CloudEvents type of a withdrawal message.</summary>
    public const string Type = "org.graduate-exchange.consent-withdrawal.v1";

    /// <summary>True when the message is a withdrawal, whether or not it can be read.</summary>
    public static bool IsWithdrawal(ConsumedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Headers.TryGetValue(CloudEventHeaders.Type, out var type) && type == Type;
    }

    /// <summary>The withdrawal a message carries; null when it does not name a consent, or names one by text PostgreSQL cannot hold (a NUL).</summary>
    public static ConsentWithdrawal? Read(ConsumedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            return JsonSerializer.Deserialize<ConsentWithdrawal>(message.Value.Span, JsonSerializerOptions.Web) is { SourceOrganisation.Length: > 0, SourceRecordId.Length: > 0 } withdrawal
                   && !withdrawal.SourceOrganisation.Contains('\0', StringComparison.Ordinal) && !withdrawal.SourceRecordId.Contains('\0', StringComparison.Ordinal)
                ? withdrawal
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The message, keyed by the consent's subject.</summary>
    public LogMessage ToMessage(string subjectKey, string withdrawnBy)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CloudEventHeaders.Id] = Guid.CreateVersion7(At).ToString(),
            [CloudEventHeaders.Type] = Type,
            [CloudEventHeaders.Source] = CloudEventHeaders.SourceFor(withdrawnBy),
            [CloudEventHeaders.Subject] = subjectKey,
            [CloudEventHeaders.Time] = At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
            [CloudEventHeaders.SpecVersionHeader] = CloudEventHeaders.SpecVersion,
            [CloudEventHeaders.ContentType] = CloudEventHeaders.JsonContentType,
        };
        return new LogMessage(subjectKey, headers, JsonSerializer.SerializeToUtf8Bytes(this, JsonSerializerOptions.Web));
    }
}
