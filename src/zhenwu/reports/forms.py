from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import modelformset_factory

from zhenwu.core.forms import read_report_upload
from zhenwu.core.periods import Period, PeriodError
from zhenwu.core.text import PROOFREAD_MAX_CHARS, cap, printable

from .builders import BREAKDOWNS, builder_choices
from .models import Audience, Outline, OutlineSection, ReportKind


class NewReportForm(forms.Form):
    outline = forms.ModelChoiceField(Outline.objects.all(), label="报告类型", empty_label=None)
    period = forms.CharField(label="期间", max_length=16,
                             help_text="年度报告写 2023，半年报告写 2023H1，1–N月进度报告写 2023-01..05")
    signed_on = forms.DateField(label="成文日期", required=False, help_text="留空则为期间的最后一天",
                                widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        if org is not None:  # the outlines written for the unit's type
            from .services import fitting_audiences

            self.fields["outline"].queryset = Outline.objects.filter(audience__in=fitting_audiences(org))

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


def _ledger_choices():
    from zhenwu.ledgers.models import LedgerKind

    return [("", "—")] + [(k.code, k.name) for k in LedgerKind.objects.filter(code__in=list(BREAKDOWNS)).order_by("code")]


def _area_choices():
    from zhenwu.ledgers.models import LedgerKind

    kind = LedgerKind.objects.filter(code="activity").first()
    options = (kind.field("area") or {}).get("options", []) if kind else []
    return [("", "全部")] + [(o, o) for o in options]


def _indicator_choices():
    from zhenwu.indicators.models import Indicator

    return [("", "—")] + [(i.code, f"{i.name}（{i.get_category_display()}）") for i in Indicator.objects.order_by("sort", "code")]


class OutlineSectionForm(forms.ModelForm):
    """One section: order, level, title, builder, and what it says, chosen from lists — a ledger kind summed up
    group by group (“台账分类汇总”, optionally one 工作板块), or one more indicator sentence for a “指标与台账数据”
    section. Anything finer stays in the section's parameters (the outline pack)."""

    builder = forms.ChoiceField(label="生成方式", choices=builder_choices)
    ledger = forms.ChoiceField(label="汇总的台账", required=False, choices=_ledger_choices)
    area = forms.ChoiceField(label="工作板块", required=False, choices=_area_choices)
    indicator = forms.ChoiceField(label="添加指标", required=False, choices=_indicator_choices)

    class Meta:
        model = OutlineSection
        fields = ["order", "level", "title", "builder", "enabled"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        params = self.instance.params or {}
        if self.instance.builder == "breakdown":
            self.fields["ledger"].initial = params.get("ledger", "")
            self.fields["area"].initial = (params.get("filter") or {}).get("area", "")

    def clean(self):
        data = super().clean()
        builder, ledger = data.get("builder"), data.get("ledger")
        if builder == "breakdown" and not ledger and not (self.instance.params or {}).get("ledger"):
            self.add_error("ledger", "“台账分类汇总”请选择要汇总的台账")
        if data.get("indicator") and builder != "facts":
            self.add_error("indicator", "只有“指标与台账数据”章节可以添加指标")
        if not self.errors:
            self.apply_choices()  # before the model's own check of the parameters
        return data

    def _update_errors(self, errors):
        """The model's complaints about the parameters (not a field of this form) are the section's errors."""
        if hasattr(errors, "error_dict") and "params" in errors.error_dict:
            rest = dict(errors.error_dict)
            params = rest.pop("params")
            errors = ValidationError({**rest, NON_FIELD_ERRORS: params})
        super()._update_errors(errors)

    def summary(self) -> str:
        """What the saved section says, in a few words (its parameters stay in the outline pack's form)."""
        params = self.instance.params or {}
        parts = []
        if params.get("ledger"):
            area = (params.get("filter") or {}).get("area")
            parts.append(f"汇总台账：{params['ledger']}" + (f"（{area}）" if area else ""))
        if params.get("items"):
            parts.append(f"{len(params['items'])} 条句式")
        if params.get("groups"):
            parts.append(f"{len(params['groups'])} 组句式")
        return "；".join(parts)

    def apply_choices(self) -> None:
        """Put what was chosen from the lists into the section's parameters."""
        data, section = self.cleaned_data, self.instance
        if getattr(self, "_applied", False):
            return
        self._applied = True
        params = dict(section.params or {})
        if data.get("builder") == "breakdown" and data.get("ledger"):
            by, text = BREAKDOWNS[data["ledger"]]
            keep = params.get("ledger") == data["ledger"] and params.get("text")
            params.update({"ledger": data["ledger"], "by": by, "text": params["text"] if keep else text})
            if data.get("area"):
                params["filter"] = {"area": data["area"]}
            else:
                params.pop("filter", None)
        if data.get("indicator"):
            from zhenwu.indicators.models import Indicator

            ind = Indicator.objects.get(code=data["indicator"])
            yoy = "[，{yoy}]" if ind.unit == "元" else ""
            params.setdefault("items", []).append({"indicator": ind.code, "text": f"{ind.name}{{value}}{yoy}"})
        section.params = params

    def has_changed(self):
        return super().has_changed() or any(f in self.changed_data for f in ("ledger", "area", "indicator"))


OutlineSectionFormSet = modelformset_factory(OutlineSection, form=OutlineSectionForm, extra=1, can_delete=True)


class NewOutlineForm(forms.Form):
    """A new outline for a kind of report and of unit, starting from a copy of an existing one (or empty)."""

    name = forms.CharField(label="名称", max_length=64)
    kind = forms.ChoiceField(label="报告类型", choices=ReportKind.choices)
    audience = forms.ChoiceField(label="适用单位", choices=Audience.choices)
    copy_from = forms.ModelChoiceField(Outline.objects.all(), label="复制章节自", required=False, empty_label="（空白提纲）")


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
