namespace Exchange.Reporting.Writers;

/// <summary>The stylesheet inlined in every HTML report, so that the page needs nothing from outside.</summary>
internal static class ReportPageStyle
{
    public const string Css = """
        :root { color-scheme: light; --ink: #1b1b1b; --muted: #555; --rule: #c9c9c9; --flag: #9b1c1c; }
        body { font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
               color: var(--ink); background: #fff; line-height: 1.5; max-width: 64rem; margin: 2rem auto; padding: 0 1rem; }
        body > header { margin-bottom: 1.5rem; }
        h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
        h2 { font-size: 1.2rem; margin: 0 0 .75rem; }
        .meta { color: var(--muted); margin: 0; }
        .flags { border: 2px solid var(--flag); border-left-width: .5rem; background: #fdf2f2; padding: .75rem 1rem; margin: 1.5rem 0; }
        .flags h2 { color: var(--flag); }
        .flags ul { margin: 0; padding-left: 1.25rem; }
        .flag-code { font-family: ui-monospace, "SFMono-Regular", Consolas, monospace; font-size: .85em; color: var(--muted); }
        .summary { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1.5rem; margin: 0; }
        .summary dt { font-weight: 600; }
        .summary dd { margin: 0; }
        .summary ul { margin: 0; padding-left: 1.1rem; }
        .report-table { margin: 2.5rem 0; }
        .table-scroll { overflow-x: auto; }
        .table-scroll:focus-visible { outline: 3px solid #b35c00; outline-offset: 2px; }
        figure.chart { margin: 0 0 1rem; }
        figure.chart svg { display: block; max-width: 100%; height: auto; }
        figcaption { color: var(--muted); font-size: .9rem; }
        figcaption .chart-title { display: block; color: var(--ink); font-weight: 600; }
        table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
        caption { caption-side: top; text-align: left; font-weight: 600; padding-bottom: .5rem; }
        th, td { padding: .3rem .6rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
        thead th { border-bottom: 2px solid var(--ink); text-align: left; vertical-align: bottom; }
        th[scope="row"] { font-weight: normal; text-align: left; padding-left: calc(.6rem + var(--depth, 0) * 1.25rem); }
        th[scope="row"].total { font-weight: 600; }
        .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums lining-nums; }
        abbr.mark { text-decoration: none; border: 0; cursor: help; color: var(--muted); }
        .legend { color: var(--muted); font-size: .9rem; margin: .5rem 0 0; }
        .legend p { margin: .15rem 0; }
        @media print {
          body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
          .flags { background: none; border-color: #000; }
          .flags h2, .meta, figcaption, .legend, abbr.mark { color: #000; }
          thead { display: table-header-group; }
          tr, figure.chart, .flags { break-inside: avoid; page-break-inside: avoid; }
          h2, caption { break-after: avoid; page-break-after: avoid; }
          th, td { border-bottom-color: #777; }
        }
        """;
}
