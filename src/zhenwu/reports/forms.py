from django import forms
from django.forms import modelformset_factory

from zhenwu.core.forms import read_report_upload
from zhenwu.core.periods import Period, PeriodError
from zhenwu.core.text import PROOFREAD_MAX_CHARS, cap, printable

from .builders import builder_choices
from .models import Outline, OutlineSection


class NewReportForm(forms.Form):
    outline = forms.ModelChoiceField(Outline.objects.all(), label="报告类型", empty_label=None)
    period = forms.CharField(label="期间", max_length=16, help_text="年度报告写 2023，半年报告写 2023H1")
    signed_on = forms.DateField(label="成文日期", required=False, help_text="留空则为期间的最后一天",
                                widget=forms.DateInput(attrs={"type": "date"}))

    def clean_period(self):
        try:
            return Period.parse(self.cleaned_data["period"])
        except PeriodError as e:
            raise forms.ValidationError(str(e)) from None


class SectionTextForm(forms.Form):
    """Only reads the text; its limits are the model's (`ReportSection`), checked by the action."""

    body = forms.CharField(label="正文", required=False, widget=forms.Textarea(attrs={"rows": 8}), strip=False)
    narrative = forms.CharField(label="补充内容", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                strip=False)


class OutlineSectionForm(forms.ModelForm):
    builder = forms.ChoiceField(label="生成方式", choices=builder_choices)

    class Meta:
        model = OutlineSection
        fields = ["order", "level", "title", "builder", "enabled"]


OutlineSectionFormSet = modelformset_factory(OutlineSection, form=OutlineSectionForm, extra=1, can_delete=True)


class CheckReportForm(forms.Form):
    """An existing report to proof-read: pasted text or a .txt/.docx/.pdf file (nothing is saved)."""

    text = forms.CharField(label="粘贴报告文字", required=False, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=f"最多 {PROOFREAD_MAX_CHARS:,} 个字")
    file = forms.FileField(label="或选择文件（.txt、.docx、.pdf）", required=False)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            data["report_text"] = cap(printable(read_report_upload(upload)), PROOFREAD_MAX_CHARS, "报告")
        elif data.get("text", "").strip():
            data["report_text"] = cap(printable(data["text"]), PROOFREAD_MAX_CHARS, "报告")
        else:
            raise forms.ValidationError("请粘贴报告文字或选择一个文件")
        return data
