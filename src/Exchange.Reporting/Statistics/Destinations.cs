using Exchange.Reporting.Disclosure;
using Exchange.Reporting.Reports;

namespace Exchange.Reporting.Statistics;

/// <summary>
/// Destination categories (毕业去向) under a placement-rate definition: all → placed → its parts;
/// all → not placed → awaiting or not reported. docs/reports.md gives each code's category and
/// says where the reading of the definitions is unconfirmed.
/// </summary>
internal static class Destinations
{
    public const string Placed = "placed";
    public const string NotPlaced = "not-placed";
    public const string UnitEmployment = "unit-employment";
    public const string ContractEmployment = "contract-employment";
    public const string Entrepreneurship = "entrepreneurship";
    public const string Freelance = "freelance";
    public const string Flexible = "flexible";
    public const string FurtherStudy = "further-study";
    public const string Awaiting = "awaiting";
    public const string NotReported = "not-reported";

    /// <summary>The parts of "placed" under a definition, in reading order.</summary>
    public static IReadOnlyList<string> PlacedParts(PlacementFormula formula) => formula == PlacementFormula.Moe2021
        ? [ContractEmployment, Flexible, Entrepreneurship, FurtherStudy]
        : [UnitEmployment, Entrepreneurship, Freelance, FurtherStudy];

    /// <summary>The category of a destination code; a graduate with no placement record is <see cref="NotReported"/>.</summary>
    public static string Classify(PlacementFormula formula, string? code, bool signedStatement)
    {
        if (code is null)
            return NotReported;
        var family = code.Length > 2 ? code[..2] : code;
        if (formula == PlacementFormula.Moe2021)
        {
            return family switch
            {
                "10" or "11" or "46" or "50" or "51" => ContractEmployment,
                "12" or "27" or "76" or "77" => Flexible,
                "75" => Entrepreneurship,
                "80" or "85" => FurtherStudy,
                _ => Awaiting,
            };
        }

        return family switch
        {
            "10" or "11" or "12" or "27" or "46" or "50" or "51" => UnitEmployment,
            "75" => Entrepreneurship,
            "76" when signedStatement => Freelance,
            "80" or "85" => FurtherStudy,
            _ => Awaiting,
        };
    }

    public static Axis Axis(PlacementFormula formula)
    {
        var nodes = new List<(string, string, LocalText)> { (Placed, Totals.Code, new("已落实去向", "placed")) };
        nodes.AddRange(PlacedParts(formula).Select(p => (p, Placed, LabelOf(p))));
        nodes.Add((NotPlaced, Totals.Code, new("未落实去向", "not placed")));
        nodes.Add((Awaiting, NotPlaced, LabelOf(Awaiting)));
        nodes.Add((NotReported, NotPlaced, LabelOf(NotReported)));
        return Statistics.Axis.Tree("destination", DimensionRole.Attribute, new("毕业去向", "destination"), new("全部毕业生", "all graduates"), nodes);
    }

    public static LocalText LabelOf(string category) => category switch
    {
        UnitEmployment => new("单位就业", "unit employment"),
        ContractEmployment => new("协议和合同就业", "agreement or contract employment"),
        Entrepreneurship => new("自主创业", "entrepreneurship"),
        Freelance => new("自由职业", "freelance work"),
        Flexible => new("灵活就业", "flexible employment"),
        FurtherStudy => new("升学", "further study"),
        Awaiting => new("待就业或暂不就业", "awaiting or not seeking work"),
        NotReported => new("未报送去向", "no destination reported"),
        Placed => new("已落实去向", "placed"),
        NotPlaced => new("未落实去向", "not placed"),
        _ => new(category, category),
    };
}
