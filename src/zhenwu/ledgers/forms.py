from __future__ import annotations

import yaml
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from zhenwu.core.forms import input_fields
from zhenwu.core.models import OrgUnit
from zhenwu.core.pii import PII_TYPES
from zhenwu.core.scope import CHANGE, user_can

from . import actions
from . import fields as ftypes
from .actions import area_choices
from .models import LedgerEntry, LedgerKind
from .schema import FILE_TYPES, validate_definition

BASE_FIELDS = ["title", "occurred_on", "responsible", "deadline"]
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BASE_WIDGETS = {"occurred_on": _DATE, "deadline": _DATE}


class EntryForm(forms.Form):
    """Create or edit an entry: the fixed fields (limits from the model), then one form field per field of the kind.
    The form only reads input; `ledgers.actions` validates and saves."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, kind: LedgerKind, user, org, instance: LedgerEntry | None = None, quick=False, **kwargs):
        self.kind, self.user, self.instance = kind, user, instance
        initial = kwargs.pop("initial", {})
        if instance is not None:
            recorder = instance.recorded_org
            shown = recorder if recorder is not None and user_can(user, CHANGE, recorder) else instance.org
            initial.update({"org": shown, "title": instance.title, "occurred_on": instance.occurred_on,
                            "responsible": instance.responsible, "deadline": instance.deadline,
                            "version": instance.version, **instance.data})
        super().__init__(*args, initial=initial, **kwargs)
        base = input_fields(LedgerEntry, BASE_FIELDS, BASE_WIDGETS)
        base["deadline"].help_text = "留空则按该类台账的期限规则自动计算"
        orgs = OrgUnit.objects.editable_by(user, within=org)
        self.fields = {"org": forms.ModelChoiceField(queryset=orgs, label="单位", empty_label=None), **base,
                       **self.fields}
        if instance is None and "org" not in initial:
            self.fields["org"].initial = orgs.filter(pk=org.pk).first() or orgs.first()
            self.fields["occurred_on"].initial = timezone.localdate()
        choices = area_choices(user, instance.recorded_org if instance is not None and instance.recorded_org
                               and user_can(user, CHANGE, instance.recorded_org) else org)
        for f in kind.fields:
            self.fields[f["key"]] = ftypes.form_field(f, choices)
            if f["type"] in PII_TYPES and instance is not None and instance.data.get(f["key"]):
                self.initial[f["key"]] = self.fields[f["key"]].keep(instance.data[f["key"]])
                self.fields[f["key"]].help_text = "已脱敏显示；不修改则保留原值，如需更正请输入完整号码"
            if f["type"] in FILE_TYPES and instance is not None and instance.data.get(f["key"]):
                self.fields[f["key"]].help_text = "已上传；重新选择文件将替换"
        if quick:  # the phone form: only what a 网格员 needs on the spot
            for name in ("responsible", "deadline"):
                del self.fields[name]
            for f in kind.fields:
                if not (f.get("required") or f["type"] in ("choice", "photo", "org", "integer")):
                    del self.fields[f["key"]]

    def field_defs(self):
        return [f for f in self.kind.fields if f["key"] in self.fields]

    def submit(self) -> LedgerEntry:
        """Hand the input to the app's one write path (raises ValidationError / ConflictError / PermissionDenied)."""
        cd = self.cleaned_data
        data, uploads, cleared = {}, {}, []
        for f in self.field_defs():
            value = cd.get(f["key"])
            if f["type"] in FILE_TYPES:
                if isinstance(value, UploadedFile):
                    uploads[f["key"]] = value
                elif value is False:  # "clear" ticked
                    cleared.append(f["key"])
            else:
                data[f["key"]] = value
        if self.instance is not None:  # fields the quick form leaves out keep their values
            data = {**{k: v for k, v in self.instance.data.items() if k not in self.fields}, **data}
        fixed = {"title": cd["title"], "occurred_on": cd["occurred_on"], "deadline": cd.get("deadline"),
                 "responsible": cd.get("responsible", self.instance.responsible if self.instance else "")}
        if self.instance is None:
            return actions.create_entry(self.user, self.kind, cd["org"], data=data, uploads=uploads, **fixed)
        return actions.update_entry(self.user, self.instance, cd.get("version") or 0, org=cd["org"], data=data,
                                    uploads=uploads, cleared=tuple(cleared), **fixed)


class TransitionForm(forms.Form):
    to = forms.CharField()
    note = forms.CharField(required=False)
    version = forms.IntegerField()


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）", help_text="请先下载该类台账的导入模板，按模板填写")

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise ValidationError("请上传 .xlsx 格式的 Excel 文件")
        if f.size > 10 * 1024 * 1024:
            raise ValidationError("文件不能超过 10 MB")
        return f


class KindForm(forms.ModelForm):
    """A ledger kind: the plain attributes as fields, its definition (fields, workflow, deadline, report) as YAML."""

    definition = forms.CharField(
        label="定义（YAML）", widget=forms.Textarea(attrs={"rows": 28, "class": "font-monospace", "spellcheck": "false"}),
        help_text="fields：字段（key、label、type、options、required、unit）；workflow：流程（initial、states、transitions）；"
        "deadline：期限规则；report：统计口径（counts、sums、rates、basis）。保存前会校验，出错不会保存。",
    )

    class Meta:
        model = LedgerKind
        fields = ["code", "name", "category", "description", "order", "active", "quick"]

    SECTIONS = ("fields", "workflow", "deadline", "report")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        d = self.instance.definition() if self.instance.pk or self.instance.fields else {}
        if "definition" not in self.initial:
            self.initial["definition"] = yaml.safe_dump(
                {k: d.get(k) for k in self.SECTIONS}, allow_unicode=True, sort_keys=False, width=120
            ) if d else "fields: []\nworkflow:\n  initial: open\n  states:\n  - {code: open, label: 登记, color: secondary}\n  transitions: []\n"

    def clean(self):
        data = super().clean()
        try:
            parsed = yaml.safe_load(data.get("definition") or "") or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"第 {mark.line + 1} 行" if mark else ""
            raise ValidationError({"definition": f"YAML 格式错误{where}：{getattr(exc, 'problem', exc)}"}) from None
        if not isinstance(parsed, dict):
            raise ValidationError({"definition": "定义应为 YAML 映射（fields、workflow …）"})
        definition = {**{k: data.get(k) for k in self.Meta.fields}, **{k: parsed.get(k) for k in self.SECTIONS}}
        errors = validate_definition(definition)
        if errors:
            raise ValidationError({"definition": errors})
        self.definition_dict = definition
        return data

    def _post_clean(self):
        super()._post_clean()  # copies the plain attributes; then the definition, so model validation sees it
        if hasattr(self, "definition_dict"):
            self.instance.apply_definition(self.definition_dict)

    def submit(self, user) -> LedgerKind:
        return actions.save_kind(user, self.instance)
