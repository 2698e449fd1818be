from django import forms

from zhenwu.core.forms import read_report_upload

from .models import Indicator, Target


class IndicatorForm(forms.ModelForm):
    synonyms = forms.CharField(label="同义词", required=False, help_text="用顿号或逗号分隔，如：固投、全社会固定资产投资")

    class Meta:
        model = Indicator
        fields = ["code", "name", "synonyms", "unit", "display_unit", "category", "aggregation", "frequency",
                  "formula", "min_value", "max_value", "headline", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["synonyms"] = "、".join(self.instance.synonyms)

    def clean_synonyms(self):
        text = self.cleaned_data["synonyms"].replace("，", "、").replace(",", "、")
        return [s.strip() for s in text.split("、") if s.strip()]


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["indicator", "year", "value", "note"]


class ValueForm(forms.Form):
    value = forms.CharField(label="数值", required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)
    confirm = forms.BooleanField(label="已核实（与上年相差 5 倍以上时勾选）", required=False)


class UploadForm(forms.Form):
    file = forms.FileField(label="填好的填报表（.xlsx）")
    confirm = forms.BooleanField(label="已核实与上年相差 5 倍以上的数值", required=False)


class PackForm(forms.Form):
    file = forms.FileField(label="指标包（.yaml / .json）")


class BaselineForm(forms.Form):
    org = forms.ModelChoiceField(label="单位", queryset=None)
    year = forms.IntegerField(label="报告年度", min_value=1990, max_value=2100)
    file = forms.FileField(label="上年工作总结（.docx / .txt / .pdf）")

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs

    def clean_file(self):
        upload = self.cleaned_data["file"]
        upload.report_text = read_report_upload(upload)
        return upload
