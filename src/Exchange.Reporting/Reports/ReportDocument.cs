namespace Exchange.Reporting.Reports;

/// <summary>
/// A computed report as every writer (JSON, CSV, HTML) renders it: aggregates only, already under
/// disclosure control. It holds no identifier, no handle and no suppressed figure, so a writer
/// cannot leak what the document does not hold.
/// </summary>
/// <param name="Name">The report's stable name, e.g. <c>outcomes</c>.</param>
/// <param name="Title">Its title.</param>
/// <param name="Parameters">The selection it was computed for (cohort, region, …), as given.</param>
/// <param name="ComputedAt">When the figures were read from the index.</param>
/// <param name="Basis">On what grounds the subjects counted were counted.</param>
/// <param name="Disclosure">The rules the tables were protected under, and how many cells they hid.</param>
/// <param name="Tables">The tables, in reading order.</param>
/// <param name="Flags">Findings a reader must not miss, such as a fairness ratio below its bound.</param>
/// <param name="Notes">Caveats: the formula version of a rate, what the records cannot tell.</param>
public sealed record ReportDocument(
    string Name,
    LocalText Title,
    IReadOnlyDictionary<string, string> Parameters,
    DateTimeOffset ComputedAt,
    ReportBasis Basis,
    DisclosureSummary Disclosure,
    IReadOnlyList<ReportTable> Tables,
    IReadOnlyList<ReportFlag> Flags,
    IReadOnlyList<LocalText> Notes);

/// <summary>
/// Why the subjects in a report could be counted: for each providing organisation, the legal
/// basis the agreement names; subjects whose data rests on consent are counted only with it.
/// </summary>
/// <param name="Providers">One entry per provider whose records were counted.</param>
/// <param name="SubjectsCounted">Graduates counted in the report's population.</param>
/// <param name="SubjectsLeftOut">Graduates in the selection not counted: no agreement covers their provider, or it rests on consent and they gave none.</param>
public sealed record ReportBasis(IReadOnlyList<ProviderBasis> Providers, long SubjectsCounted, long SubjectsLeftOut);

/// <summary>One provider's records in a report, and the basis they were counted on.</summary>
/// <param name="Provider">The provider's credit code, or <c>*</c> for an agreement covering any provider.</param>
/// <param name="Basis"><c>statutory-duty</c> or <c>consent</c>.</param>
/// <param name="Agreement">The agreement's id.</param>
public sealed record ProviderBasis(string Provider, string Basis, Guid Agreement);

/// <summary>The disclosure rules applied and their effect.</summary>
/// <param name="Threshold">Counts from 1 to <c>Threshold − 1</c> are hidden.</param>
/// <param name="SuppressedCells">Cells hidden, primary and secondary alike.</param>
/// <param name="PublishedCells">Cells shown.</param>
public sealed record DisclosureSummary(int Threshold, int SuppressedCells, int PublishedCells);

/// <summary>A finding that needs attention.</summary>
/// <param name="Code">A stable code, e.g. <c>fairness.below-bound</c>.</param>
/// <param name="Text">What it means, in both languages.</param>
public sealed record ReportFlag(string Code, LocalText Text);
