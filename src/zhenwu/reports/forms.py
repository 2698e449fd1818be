from django import forms
from django.forms import modelformset_factory

from zhenwu.core.periods import Period, PeriodError

from .builders import BUILDERS
from .models import Outline, OutlineSection


class NewReportForm(forms.Form):
    outline = forms.ModelChoiceField(Outline.objects.all(), label="报告类型", empty_label=None)
    period = forms.CharField(label="期间", max_length=16, help_text="年度报告写 2023，半年报告写 2023H1")

    def clean_period(self):
        try:
            return Period.parse(self.cleaned_data["period"])
        except PeriodError as e:
            raise forms.ValidationError(str(e)) from None


class SectionTextForm(forms.Form):
    body = forms.CharField(label="正文", required=False, widget=forms.Textarea(attrs={"rows": 8}))
    narrative = forms.CharField(label="补充内容", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class OutlineSectionForm(forms.ModelForm):
    builder = forms.ChoiceField(label="生成方式", choices=[(k, v[1]) for k, v in BUILDERS.items()])

    class Meta:
        model = OutlineSection
        fields = ["order", "level", "title", "builder", "enabled"]


OutlineSectionFormSet = modelformset_factory(OutlineSection, form=OutlineSectionForm, extra=1, can_delete=True)
