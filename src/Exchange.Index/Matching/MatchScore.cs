namespace Exchange.Index.Matching;

/// <summary>The score of one graduate–vacancy pair and the reasons that make it up (their points sum to <see cref="Points"/>).</summary>
public sealed record MatchScore(int Points, IReadOnlyList<MatchReason> Reasons)
{
    /// <summary>The points from qualifications alone: what "equally qualified" compares (see <see cref="ExposureMeasure"/>).</summary>
    public int QualificationPoints => Reasons.Where(r => MatchScorer.IsQualification(r.Code)).Sum(r => r.Points);
}
