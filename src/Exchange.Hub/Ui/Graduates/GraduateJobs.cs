using Exchange.Access.Clients;
using Exchange.Hub.Matching;

namespace Exchange.Hub.Ui.Graduates;

/// <summary>
/// The jobs and programmes the hub recommends to the graduate signed in, each with every reason it
/// was recommended: the match API's own ranking (<see cref="MatchService"/>), read as the subject's
/// own access, so that what the graduate is told is what an employer or matcher ranks them by.
/// </summary>
public sealed class GraduateJobs
{
    /// <summary>How many jobs the page shows: a first page a person can read through.</summary>
    public const int Shown = 20;

    private readonly MatchService _match;

    // Internal, as the match service it reads through is the hub's own.
    internal GraduateJobs(MatchService match) => _match = match;

    public Task<OwnRecommendations> ForAsync(ClientIdentity university, string subjectKey, string action, CancellationToken cancellationToken) =>
        _match.OwnRecommendationsAsync(university, subjectKey, Shown, action, cancellationToken);
}
