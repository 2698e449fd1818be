"""Ledgers (台账): kinds defined as data, entries per org unit, and each entry's transition history."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property

from zhenwu.core.models import CatalogueModel, OrgScopedModel, OrgUnit
from zhenwu.core.scope import ScopedQuerySet
from zhenwu.core.pii import PII_TYPES, Sealed, SealedJSONField, lookup_hash, seal
from zhenwu.core.text import printable
from zhenwu.core.validators import ConflictError, not_in_future, plausible_date  # noqa: F401 (ConflictError: re-exported)

from . import fields as ftypes
from .schema import FILE_TYPES, validate_definition



class LedgerKind(CatalogueModel):
    """A kind of ledger (安全隐患, 矛盾纠纷 …): its fields, workflow, deadline rule and report figures, all data."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=40)
    category = models.CharField("业务领域", max_length=40, blank=True)
    description = models.CharField("说明", max_length=300, blank=True)
    order = models.PositiveIntegerField("排序", default=100)
    active = models.BooleanField("启用", default=True)
    # The definition proper, validated by schema.validate_definition.
    fields = models.JSONField("字段", default=list)
    workflow = models.JSONField("流程", default=dict)
    deadline = models.JSONField("期限规则", null=True, blank=True)
    report = models.JSONField("统计口径", default=dict, blank=True)
    quick = models.BooleanField("网格员快速登记", default=False)

    objects = ScopedQuerySet.as_manager()
    scope_code_field = "code"  # never used for scope; kinds are a catalogue everyone reads

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "台账类型"
        verbose_name_plural = "台账类型"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return f"{reverse('ledger_entry_list')}?kind={self.code}"

    # -- the definition -------------------------------------------------------------------------
    def definition(self) -> dict:
        return {
            "code": self.code, "name": self.name, "category": self.category, "description": self.description,
            "order": self.order, "quick": self.quick, "fields": self.fields, "workflow": self.workflow,
            "deadline": self.deadline, "report": self.report,
        }

    def apply_definition(self, d: dict) -> None:
        errors = validate_definition(d)
        if errors:
            raise ValidationError(errors)
        for attr in ("code", "name", "fields", "workflow"):
            setattr(self, attr, d[attr])
        self.category = d.get("category", "") or ""
        self.description = d.get("description", "") or ""
        self.order = int(d.get("order", self.order or 100))
        self.quick = bool(d.get("quick", False))
        self.deadline = d.get("deadline")
        self.report = d.get("report") or {}

    @cached_property
    def states(self) -> dict[str, dict]:
        return {s["code"]: s for s in self.workflow.get("states", [])}

    @property
    def initial_state(self) -> str:
        return self.workflow["initial"]

    @cached_property
    def done_states(self) -> list[str]:
        """States that stop the deadline clock (the work is done, or the case is closed)."""
        return [c for c, s in self.states.items() if s.get("done") or s.get("terminal")]

    def state_label(self, code: str) -> str:
        return self.states.get(code, {}).get("label", code)

    def transitions_from(self, state: str) -> list[dict]:
        return [t for t in self.workflow.get("transitions", []) if t["from"] == state]

    def field(self, key: str) -> dict | None:
        return next((f for f in self.fields if f["key"] == key), None)

    def deadline_for(self, occurred_on: dt.date, data: dict) -> dt.date | None:
        rule = self.deadline
        if not rule:
            return None
        days = rule.get("days")
        if rule.get("field"):
            days = days.get(data.get(rule["field"]), rule.get("default"))
        return occurred_on + dt.timedelta(days=days) if days else None

    def clean_data(self, raw: dict, org_choices=None, pending_files=()) -> dict:
        """Validate raw values (form, API or Excel) against the fields; returns the JSON to store.

        Raises one ValidationError whose message dict is keyed by field key, messages in Chinese. Files are
        stored paths in `raw`, or keys of `pending_files` (uploads stored once the whole entry is valid).
        """
        data, errors = {}, {}
        raw = {k: printable(v) if isinstance(v, str) else v for k, v in (raw or {}).items()}
        for f in self.fields:
            if f["type"] in FILE_TYPES:
                value = raw.get(f["key"])
                if value:
                    data[f["key"]] = str(value)
                elif f.get("required") and f["key"] not in pending_files:
                    errors[f["key"]] = [f"“{f['label']}”必须上传"]
                continue
            field = ftypes.form_field(f, org_choices)
            try:
                value = ftypes.to_json(f["type"], field.clean(raw.get(f["key"])))
            except ValidationError as exc:
                errors[f["key"]] = [f"{field.label}：{m}" for m in exc.messages]
                continue
            given = raw.get(f["key"])
            if isinstance(given, Sealed) and value == given:
                value = given  # the stored value, unchanged: keeps its token (no change in the audit trail)
            if value is not None:
                data[f["key"]] = value
        if errors:
            raise ValidationError(errors)
        return data


class LedgerEntry(OrgScopedModel):
    kind = models.ForeignKey(LedgerKind, on_delete=models.PROTECT, related_name="entries", verbose_name="台账类型")
    ref = models.CharField("编号", max_length=40, blank=True, db_index=True)
    title = models.CharField("事项", max_length=200)
    occurred_on = models.DateField("发生（登记）日期", validators=[not_in_future])
    status = models.CharField("状态", max_length=40)
    closed = models.BooleanField("已办结", default=False, help_text="当前状态停止计时（已整改、已办结等）")
    closed_on = models.DateField("办结日期", null=True, blank=True, validators=[plausible_date])
    deadline = models.DateField("期限", null=True, blank=True, validators=[plausible_date])
    responsible = models.CharField("责任人", max_length=64, blank=True)
    # 身份证号 and phones inside are encrypted at rest (core.pii); `pii_index` holds their keyed hashes for search
    data = SealedJSONField("内容", default=dict, blank=True)
    pii_index = models.TextField("个人信息检索码", blank=True, default="", editable=False)
    version = models.PositiveIntegerField("版本", default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="登记人"
    )
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    # The unit that recorded it when that is not the place it happened (a station filing for a village): the record
    # belongs to the place (`org`), and the recording unit sees it too (`scope_also_field`).
    recorded_org = models.ForeignKey(
        OrgUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="登记单位"
    )
    scope_also_field = "recorded_org__code"
    # The readable number: 清河镇安全隐患〔2023〕5号 — the town, the kind, the year it happened, its order in them.
    number = models.CharField("文号", max_length=80, blank=True, default="", db_index=True)
    number_seq = models.PositiveIntegerField("序号", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["kind", "occurred_on"]),
            models.Index(fields=["closed", "deadline"]),
            # the lists' ORDER BY: a county-wide page walks this index instead of sorting every entry
            models.Index(fields=["-occurred_on", "-id"], name="ledger_entry_recent"),
            # a unit's list (the scope filter resolves to org ids), already in list order; with the kind, a unit's
            # entries of some kinds in a period are read from the index alone (PostgreSQL; a report's restating)
            models.Index(fields=["org", "-occurred_on", "-id"], include=["kind"], name="ledger_entry_org_recent"),
            # overdue counts (open, deadline passed) answered from the index alone, both units included (a record
            # is seen from its place or the unit that recorded it)
            models.Index(fields=["deadline", "org", "kind", "recorded_org"], condition=models.Q(closed=False),
                         name="ledger_entry_open_due"),
            # a unit's overdue entries by kind and period (the ledger home: all else comes from the aggregates)
            models.Index(fields=["org", "deadline", "kind", "occurred_on"], condition=models.Q(closed=False),
                         name="ledger_entry_open_org"),
        ]
        verbose_name = "台账记录"
        verbose_name_plural = "台账记录"

    def __str__(self) -> str:
        return f"{self.kind.name}：{self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("ledger_entry_detail", args=[self.pk])

    @property
    def shown_number(self) -> str:
        return self.number or self.ref or str(self.pk)

    @property
    def status_label(self) -> str:
        return self.kind.state_label(self.status)

    @property
    def status_color(self) -> str:
        return self.kind.states.get(self.status, {}).get("color", "secondary")

    @property
    def is_overdue(self) -> bool:
        return bool(self.deadline and not self.closed and self.deadline < timezone.localdate())

    @classmethod
    def audit_lines(cls, key, before, after, row, cache):
        """History lines of the kind's own fields (labels, units, masked personal data) and states by their label."""
        if key not in ("data", "status"):
            return None
        kinds = cache.setdefault("ledger_kinds", {})
        if not kinds:
            kinds.update({k.pk: k for k in LedgerKind.objects.all()})
        pair = row.changes.get("kind_id") or [None, None]
        kind_id = pair[1] or pair[0]
        if kind_id is None:
            entry_kinds = cache.setdefault("entry_kinds", {})
            if row.object_id not in entry_kinds:
                entry_kinds[row.object_id] = cls._base_manager.filter(pk=row.object_id).values_list(
                    "kind_id", flat=True).first()
            kind_id = entry_kinds[row.object_id]
        kind = kinds.get(kind_id)
        if kind is None:
            return None
        if key == "status":
            return [("状态", kind.state_label(before) if before else "", kind.state_label(after) if after else "", "")]
        before, after = before or {}, after or {}
        names = cache.setdefault("org_names", {})
        codes = {v for f in kind.fields if f["type"] == "org" for v in (before.get(f["key"]), after.get(f["key"])) if v}
        if codes - names.keys():
            names.update(OrgUnit.objects.filter(code__in=codes - names.keys()).values_list("code", "name"))
        lines = []
        for f in kind.fields:
            b, a = before.get(f["key"]), after.get(f["key"])
            if b == a:
                continue
            if f["type"] in FILE_TYPES:
                lines.append((f["label"], "已上传" if b else "", "已上传" if a else "", ""))
            else:
                label = f"{f['label']}（{f['unit']}）" if f.get("unit") else f["label"]
                # display() masks personal data: the history shows it as the record page does
                lines.append((label, ftypes.display(f, b, org_names=names), ftypes.display(f, a, org_names=names), ""))
        return lines
    audit_exclude = ("pii_index",)

    def clean(self) -> None:
        if self.deadline and self.occurred_on and self.deadline < self.occurred_on:
            raise ValidationError({"deadline": "期限不能早于发生日期"})

    def before_write(self) -> None:
        """Seal the kind's personal fields (whatever path wrote them) and index them for exact search."""
        if not isinstance(self.data, dict) or not self.kind_id:
            return
        for f in self.kind.fields:
            if f["type"] in PII_TYPES and self.data.get(f["key"]):
                self.data[f["key"]] = seal(f["type"], self.data[f["key"]])
        self.pii_index = " ".join(sorted(lookup_hash(v.ftype, str(v)) for v in self.data.values()
                                         if isinstance(v, Sealed)))

    @staticmethod
    def pii_lookup(text: str) -> str | None:
        """The index code to search for when `text` is a whole 身份证号 or phone number, else None."""
        from zhenwu.core.pii import IDCARD, PHONE, _ID_RE, _PHONE_RE

        text = text.strip().upper().replace(" ", "")
        if _ID_RE.match(text):
            return lookup_hash(IDCARD, text)
        if _PHONE_RE.match(text):
            return lookup_hash(PHONE, text)
        return None


class Transition(models.Model):
    """One step of an entry's workflow: who moved it from which state to which, when, and why."""

    entry = models.ForeignKey(LedgerEntry, on_delete=models.CASCADE, related_name="transitions", verbose_name="台账记录",
                              db_index=False)  # indexed with the time below
    from_state = models.CharField("原状态", max_length=40, blank=True)
    to_state = models.CharField("新状态", max_length=40)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="操作人"
    )
    by_name = models.CharField("操作人", max_length=150)
    at = models.DateTimeField("时间", default=timezone.now)
    note = models.CharField("说明", max_length=1000, blank=True)

    scope_code_field = "entry__org__code"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        # an entry's history in order, and the steps after a day (a closed period's report restates its entries)
        indexes = [models.Index(fields=["entry", "at"], name="ledger_transition_entry_at")]
        verbose_name = "流转记录"
        verbose_name_plural = "流转记录"

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"
