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
