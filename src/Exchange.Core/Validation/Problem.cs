namespace Exchange.Core.Validation;

/// <summary>
/// One thing wrong with a record: where (a JSON pointer into the record, RFC 6901), a stable
/// machine code that clients can switch on, and a message in English and in Chinese.
/// </summary>
/// <param name="Pointer">JSON pointer to the offending value; empty for the whole record.</param>
/// <param name="Code">Stable machine-readable code, e.g. <c>resident-id.check-character</c>.</param>
/// <param name="Message">English message.</param>
/// <param name="MessageZh">Chinese message.</param>
public sealed record Problem(string Pointer, string Code, string Message, string MessageZh);
