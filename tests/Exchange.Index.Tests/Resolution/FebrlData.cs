using Exchange.Index.Resolution.Features;
using Exchange.Index.Resolution.Settings;

namespace Exchange.Index.Tests.Resolution;

/// <summary>The FEBRL files under Resolution/Febrl, read as the settings map them; the truth is rec-N of each id.</summary>
internal static class FebrlData
{
    public static ResolutionSchema Schema(string settingsFile) =>
        ResolutionSchema.Compile(ResolutionSettings.Parse(File.ReadAllText(Folder(settingsFile))));

    public static (List<InputRecord> Records, List<string> Truth) Read(ResolutionSchema schema, params string[] files)
    {
        var records = new List<InputRecord>();
        var truth = new List<string>();
        for (var source = 0; source < files.Length; source++)
        {
            var lines = File.ReadAllLines(Folder(files[source]));
            var header = lines[0].Split(',').Select(h => h.Trim()).ToList();
            var id = header.IndexOf(schema.Settings.Input.IdColumn);
            var columns = schema.FieldColumns.Select(cs => cs.Select(c => header.IndexOf(c)).ToArray()).ToArray();
            foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
            {
                var cells = line.Split(',').Select(c => c.Trim()).ToArray();
                var values = columns.Select(cs => FieldColumns.Join([.. cs.Select(c => cells[c].Length == 0 ? null : cells[c])])).ToList();
                records.Add(new InputRecord(cells[id], source, values));
                truth.Add(cells[id].Split('-')[1]);
            }
        }
        return (records, truth);
    }

    private static string Folder(string file) => RepositoryFiles.Path("tests", "Exchange.Index.Tests", "Resolution", "Febrl", file);
}
