using Exchange.Core.Codes;
using Exchange.Core.Model;
using FluentValidation;

namespace Exchange.Core.Validation.Rules;

internal sealed class FeedbackRules : AbstractValidator<FeedbackRecord>
{
    public FeedbackRules(CodeListCatalog codes)
    {
        this.ValidResidentId(r => r.ResidentId, codes[CodeListNames.AdminDivision]);
    }
}
