using Exchange.Core.Codes;
using Exchange.Core.Model;
using FluentValidation;

namespace Exchange.Core.Validation.Rules;

internal sealed class ConsentRules : AbstractValidator<ConsentRecord>
{
    public ConsentRules(CodeListCatalog codes)
    {
        var categories = codes[CodeListNames.DataCategory];
        this.ValidResidentId(r => r.ResidentId, codes[CodeListNames.AdminDivision]);
        RuleFor(r => r.Purposes).EachInCodeList(codes[CodeListNames.Purpose]);
        RuleFor(r => r.DataCategories).EachInCodeList(categories);
        RuleFor(r => r.Status).InCodeList(codes[CodeListNames.ConsentStatus]);
        RuleFor(r => r.Evidence.Method).InCodeList(codes[CodeListNames.ConsentMethod]);
        RuleFor(r => r.Grantee.Role).InCodeList(codes[CodeListNames.PartyRole]);
        RuleFor(r => r.Grantee.OrganisationCreditCode).ValidCreditCode();
        RuleFor(r => r.Grantee).Must(g => (g.OrganisationCreditCode is null) != (g.Role is null))
            .Problem(ProblemCodes.ConsentGrantee, "The grantee is either one organisation or one role, not both and not neither.",
                "被授权方必须是一个机构或一个角色，二者只能填其一。");
        this.DatesInOrder(r => r.ValidFrom, "validFrom", r => r.ValidThrough, "validThrough");
        this.ShortDistinctTexts(r => r.Purposes, 40);
        this.ShortDistinctTexts(r => r.DataCategories, 40);

        // PIPL art. 29: sensitive personal information needs a separate consent of its own.
        RuleFor(r => r.DataCategories).Must(list =>
        {
            var sensitive = list.Count(c => categories.Find(c)?.Sensitive == true);
            return sensitive == 0 || sensitive == list.Count;
        }).Problem(ProblemCodes.ConsentSensitiveNotSeparate,
            "Sensitive categories (hardship, disability) need a consent of their own, separate from other categories (PIPL art. 29).",
            "敏感个人信息（困难身份、残疾）须单独取得同意，不得与其他类别合并授权（《个人信息保护法》第二十九条）。");

        RuleFor(r => r.WithdrawnAt).NotNull().When(r => r.Status == "withdrawn")
            .Problem(ProblemCodes.ConsentWithdrawalTime, "A withdrawn consent needs withdrawnAt.", "已撤回的授权必须填写撤回时间。");
        RuleFor(r => r.WithdrawnAt).Null().When(r => r.Status == "active")
            .Problem(ProblemCodes.ConsentWithdrawalTime, "An active consent cannot have withdrawnAt.", "有效的授权不能有撤回时间。");
        RuleFor(r => r.WithdrawnAt).GreaterThanOrEqualTo(r => r.GivenAt).When(r => r.WithdrawnAt is not null)
            .Problem(ProblemCodes.DatesOutOfOrder, "withdrawnAt must not be before givenAt.", "撤回时间不得早于授权时间。");
    }
}
