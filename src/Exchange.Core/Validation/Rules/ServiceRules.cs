using Exchange.Core.Codes;
using Exchange.Core.Model;
using FluentValidation;

namespace Exchange.Core.Validation.Rules;

internal sealed class ServiceRules : AbstractValidator<ServiceRecord>
{
    public ServiceRules(CodeListCatalog codes)
    {
        this.ValidResidentId(r => r.ResidentId, codes[CodeListNames.AdminDivision]);
        RuleFor(r => r.ServiceType).InCodeList(codes[CodeListNames.ServiceType]);
        RuleFor(r => r.ProviderCreditCode).ValidCreditCode();
        RuleFor(r => r.Channel).InCodeList(codes[CodeListNames.ServiceChannel]);
        RuleFor(r => r.VacancyEmployerCreditCode).ValidCreditCode();
    }
}
