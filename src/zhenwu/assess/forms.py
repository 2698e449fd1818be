from django import forms

from zhenwu.core.models import OrgUnit
from zhenwu.core.pii import mask
from zhenwu.ledgers.fields import UploadField

from . import actions
from .models import HOME_LEVELS, Goods, Household, PartyMember, PointRule, Subject

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonForm(forms.ModelForm):
    """Household or party member: 身份证号 and phone shown masked; sent back unchanged, the stored value stays."""

    idcard = forms.CharField(label="身份证号", max_length=18, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel"}))

    def __init__(self, *args, user=None, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        inst = self.instance
        for name in ("idcard", "phone"):
            if getattr(inst, name):
                self.initial[name] = mask(name, getattr(inst, name))
        if "org" in self.fields:
            units = OrgUnit.objects.editable_by(user, within=org) if user is not None else OrgUnit.objects.none()
            if self._meta.model is Household:
                units = units.filter(level__in=HOME_LEVELS)
            self.fields["org"].queryset = units.order_by("code")

    def clean(self):
        data = super().clean()
        for name in ("idcard", "phone"):
            stored = getattr(self.instance, name)
            value = (data.get(name) or "").strip()
            if stored and value == mask(name, stored):
                value = stored
            setattr(self.instance, name, value)
        return data


class HouseholdForm(PersonForm):
    class Meta:
        model = Household
        fields = ["org", "head", "members", "member_names", "address", "note"]


class MemberForm(PersonForm):
    class Meta:
        model = PartyMember
        fields = ["org", "name", "post", "note"]


class RuleForm(forms.ModelForm):
    class Meta:
        model = PointRule
        fields = ["category", "name", "subject", "points", "evidence_required", "monthly_cap", "active"]


class GoodsForm(forms.ModelForm):
    class Meta:
        model = Goods
        fields = ["name", "price", "stock", "active"]


class PointForm(forms.Form):
    """The phone page of a 网格员 or village clerk: a household (or member), a rule, a photo."""

    subject = forms.ModelChoiceField(queryset=Household.objects.none(), label="农户",
                                     error_messages={"invalid_choice": actions.OUTSIDE_GRID})
    rule = forms.ModelChoiceField(queryset=PointRule.objects.none(), label="积分规则")
    occurred_on = forms.DateField(label="日期", widget=DATE)
    note = forms.CharField(label="事由", max_length=200, required=False)
    photo = UploadField(photo=True, label="现场照片", required=False)

    def __init__(self, *args, user=None, org=None, member=False, **kwargs):
        super().__init__(*args, **kwargs)
        model = PartyMember if member else Household
        self.member = member
        self.fields["subject"].label = "党员" if member else "农户"
        self.fields["subject"].queryset = model.objects.visible_to(user, within=org).select_related("org")
        # the rule book of the town the current unit belongs to (a town's code is the county's and three digits)
        self.fields["rule"].queryset = PointRule.objects.filter(
            active=True, subject=Subject.MEMBER if member else Subject.HOUSEHOLD,
            org__code=org.code[:9] if org is not None else "").order_by("category", "id")


class RedeemForm(forms.Form):
    subject = forms.ModelChoiceField(queryset=Household.objects.none(), label="农户",
                                     error_messages={"invalid_choice": actions.OUTSIDE_GRID})
    goods = forms.ModelChoiceField(queryset=Goods.objects.none(), label="商品")
    quantity = forms.IntegerField(label="数量", min_value=1, max_value=100, initial=1)

    def __init__(self, *args, user=None, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = Household.objects.visible_to(user, within=org).select_related("org")
        prefixes = [org.code[:n] for n in range(9, len(org.code) + 1, 3)] if org is not None else []
        self.fields["goods"].queryset = Goods.objects.filter(active=True, org__code__in=prefixes) | \
            Goods.objects.visible_to(user, within=org).filter(active=True)


class ScoreForm(forms.Form):
    score = forms.DecimalField(label="得分", max_digits=5, decimal_places=1)
    evidence = forms.CharField(label="依据", max_length=300, required=False)


class AppealForm(forms.Form):
    reason = forms.CharField(label="申诉理由", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")


SOURCES = {"现场": "manual", "现场评分": "manual", "隐患整改率": "hazard_rate", "逾期台账": "overdue", "指标": "indicator"}


def parse_lines(text: str, what: str, width: int) -> list[list[str]]:
    """One record a line, fields split by | (or ｜)."""
    rows = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("｜", "|").split("|")]
        if len(parts) < 2:
            raise forms.ValidationError(f"第 {n} 行：{what}应写作“名称|分值…”")
        rows.append((parts + [""] * width)[:width])
    return rows


class SchemeForm(forms.ModelForm):
    """A scheme with its items, one a line: 名称|分值|评分标准|来源 (现场, 隐患整改率, 逾期台账 or 指标:代码)."""

    items = forms.CharField(label="评分项", widget=forms.Textarea(attrs={"rows": 6}),
                            help_text="每行一项：名称|分值|评分标准|来源（现场、隐患整改率、逾期台账、指标:代码；不写为现场）")

    class Meta:
        from .models import Scheme

        model = Scheme
        fields = ["name", "period_type", "min_items", "red_n", "black_n", "note"]

    def clean_items(self):
        from decimal import Decimal, InvalidOperation

        items = []
        for n, (name, top, guide, source) in enumerate(parse_lines(self.cleaned_data["items"], "评分项", 4), start=1):
            code, _, indicator = source.partition(":")
            if (code or "现场") not in SOURCES:
                raise forms.ValidationError(f"第 {n} 项：来源应为 现场、隐患整改率、逾期台账 或 指标:代码")
            try:
                top = Decimal(top)
            except InvalidOperation:
                raise forms.ValidationError(f"第 {n} 项：分值应为数字") from None
            items.append({"name": name, "max_score": top, "guide": guide, "source": SOURCES[code or "现场"],
                          "indicator_code": indicator.strip(),
                          "ledger_kind": "safety_hazard" if code in ("隐患整改率", "逾期台账") else ""})
        if not items:
            raise forms.ValidationError("至少需要一个评分项")
        return items


class RoundForm(forms.Form):
    title = forms.CharField(label="名称", max_length=80, help_text="如 2024年第一季度大评比")
    held_on = forms.DateField(label="考评日期", widget=DATE)


class CampaignForm(forms.ModelForm):
    criteria_text = forms.CharField(label="评选标准", widget=forms.Textarea(attrs={"rows": 4}),
                                    help_text="每行一项：名称|满分")

    class Meta:
        from .models import Campaign

        model = Campaign
        fields = ["name", "level", "year", "pass_score"]

    def clean_criteria_text(self):
        out = []
        for n, (name, top) in enumerate(parse_lines(self.cleaned_data["criteria_text"], "评选标准", 2), start=1):
            try:
                out.append({"name": name, "max": int(top)})
            except ValueError:
                raise forms.ValidationError(f"第 {n} 项：满分应为整数") from None
        return out


class CandidateForm(forms.Form):
    org = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label="候选单位")
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = OrgUnit.objects.within(campaign.org).exclude(pk=campaign.org_id).filter(
            level__in=("village", "community", "town", "street")).order_by("code")
        for c in campaign.criteria:
            self.fields[f"c_{c['name']}"] = forms.IntegerField(label=f"{c['name']}（满分{c['max']}）", min_value=0)
