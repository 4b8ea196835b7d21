using System.Text;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Hub.Paging;

namespace Exchange.Hub.Search;

/// <summary>
/// The cursors of the searches: where the next page starts (the last subject id or job id a page
/// read), sealed for one search, caller and purpose (<see cref="SealedPosition"/>). A readable or
/// forgeable position would let a caller see how many graduates a page passed over unseen, or ask
/// from any subject id on and learn from the next link whether a hidden graduate there matches a
/// filter. A cursor of one search, caller or purpose given to another is refused as malformed.
/// </summary>
internal sealed class SearchCursors(byte[] secret)
{
    public const string Graduates = "graduates";
    public const string Vacancies = "vacancies";

    private readonly SealedPosition _seal = new(secret, "exchange search cursor v1");

    /// <summary>The cursors of one search as one caller reads it for one purpose.</summary>
    public SearchCursor For(string search, ClientIdentity caller, Purpose purpose)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new SearchCursor(_seal, Encoding.UTF8.GetBytes($"{search}\n{caller.ClientId}\n{caller.Organisation}\n{purpose.Name()}"));
    }
}

/// <summary>Seals and opens the cursors of one search, caller and purpose.</summary>
internal sealed class SearchCursor(SealedPosition seal, byte[] scope)
{
    public string Seal(long after) => seal.Seal(after, scope);

    public bool TryOpen(string cursor, out long after) => seal.TryOpen(cursor, scope, out after) && after > 0;
}
