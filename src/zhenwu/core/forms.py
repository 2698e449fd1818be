from django import forms
from django.core.exceptions import ValidationError

from .models import CHILD_LEVELS, OrgUnit


class OrgUnitForm(forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ["name", "population", "households", "note"]


class OrgUnitCreateForm(forms.ModelForm):
    """A new unit under `parent`; the code is allocated unless given."""

    class Meta:
        model = OrgUnit
        fields = ["name", "level", "code", "population", "households", "note"]

    def __init__(self, *args, parent: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent = parent
        allowed = CHILD_LEVELS.get(parent.level, set())
        self.fields["level"].choices = [(v, label) for v, label in self.fields["level"].choices if v in allowed]
        self.fields["code"].required = False
        self.fields["code"].help_text = f"留空则自动编为 {parent.code} 加 3 位顺序号"

    def clean(self):
        data = super().clean()
        if not CHILD_LEVELS.get(self.parent.level):
            raise ValidationError(f"{self.parent.get_level_display()}下不能再设下级单位")
        return data

    def _post_clean(self):
        self.instance.parent = self.parent
        if not self.cleaned_data.get("code"):
            self.instance.code = self.parent.next_child_code()
            self.cleaned_data["code"] = self.instance.code
        super()._post_clean()
