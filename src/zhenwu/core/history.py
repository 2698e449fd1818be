"""Audit rows as people read them: field labels instead of keys, choice labels, names instead of ids, 是/否, times in
the server's zone (Asia/Shanghai), one line per changed field (before → after), personal data masked by the one
rule of `core.pii`, long values folded. Used by the record history page, the global log and the audit API.

A model can say more about its own fields with a classmethod `audit_lines(key, before, after, row, cache)`
returning [(label, before, after, pii type or "")] or None (ledger entries spell out their kind's fields and
state labels that way; `cache` is a dict shared by the rows of one page), and name plain fields holding
personal data in `audit_pii = {"field": "idcard" | "phone"}`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from .pii import mask, masked_json

FOLD = 80  # characters of a value shown before it is folded
HIDDEN = {"id"}
EMPTY = "（空）"
# Details of a row that is an event (a login, personal data seen or exported), not a change: {key: value}.
EVENT_LABELS = {"address": "地址", "fields": "查看的信息", "count": "条数", "username": "账号", "role": "角色",
                "kind": "台账类型"}


@dataclass
class Line:
    label: str
    before: str
    after: str
    full_before: str = ""  # the whole value when folded (shown on demand)
    full_after: str = ""
    code: bool = False  # configuration data (JSON) shown as it is written, in a code font


def fold(text: str) -> tuple[str, str]:
    """(shown, whole): a long value cut at FOLD characters with its length, the whole kept apart."""
    if len(text) <= FOLD:
        return text, ""
    return f"{text[:FOLD]}…（共 {len(text)} 字）", text


def _when(value) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else value
    if moment is None:
        return str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d %H:%M")


def _json_text(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


class _Names:
    """Names of the records foreign keys point to, fetched once per related model for a whole page of rows."""

    def __init__(self):
        self.wanted: dict[type, set] = {}
        self.found: dict[type, dict] = {}

    def want(self, model, pk) -> None:
        if pk is not None:
            self.wanted.setdefault(model, set()).add(pk)

    def name(self, model, pk) -> str:
        if model not in self.found:
            ids = self.wanted.get(model, set())
            manager = model._base_manager
            self.found[model] = {o.pk: str(o) for o in manager.filter(pk__in=ids)} if ids else {}
        return self.found[model].get(pk, f"已删除（编号 {pk}）")


def _text(field, value, names: _Names, pii: str) -> str:
    if _blank(value):
        return EMPTY
    if pii:
        return mask(pii, str(value))
    if field is None:
        return _json_text(value)
    if field.is_relation:
        if isinstance(value, list):
            return "、".join(names.name(field.related_model, pk) for pk in value)
        return names.name(field.related_model, value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "是" if value else "否"
    if isinstance(field, models.DateTimeField):
        return _when(value)
    if isinstance(field, models.DateField):
        day = parse_date(value) if isinstance(value, str) else value
        return day.strftime("%Y-%m-%d") if isinstance(day, dt.date) else str(value)
    if isinstance(field, models.JSONField):
        return _json_text(value)
    return str(value)


def _blank(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _fields(model) -> dict:
    if not model:
        return {}
    return {f.attname: f for f in [*model._meta.concrete_fields, *model._meta.many_to_many]}


def describe(rows) -> list[tuple[object, list[Line]]]:
    """[(audit row, its lines)] for a page of AuditLog rows (content_type loaded), in the rows' order."""
    rows = list(rows)
    names = _Names()
    for row in rows:
        fields = _fields(row.content_type.model_class())
        for key, pair in row.changes.items():
            field = fields.get(key)
            if field is not None and field.is_relation:
                for value in pair:
                    for pk in value if isinstance(value, list) else [value]:  # many-to-many: a list of keys
                        names.want(field.related_model, pk)
    out, cache = [], {}
    for row in rows:
        model = row.content_type.model_class()
        fields = _fields(model)
        pii_fields = getattr(model, "audit_pii", {}) if model else {}
        expand = getattr(model, "audit_lines", None)
        lines = []
        if row.action not in (row.CREATE, row.UPDATE, row.DELETE):
            for key, value in row.changes.items():
                shown, whole = fold(value if isinstance(value, str) else _json_text(value))
                lines.append(Line(EVENT_LABELS.get(key, key), "", shown or EMPTY, "", whole))
            out.append((row, lines))
            continue
        for key, (before, after) in row.changes.items():
            if key in HIDDEN or (_blank(before) and _blank(after)):
                continue
            before, after = masked_json(before), masked_json(after)  # encrypted personal data: its mask
            field = fields.get(key)
            parts = expand(key, before, after, row, cache) if expand else None
            if parts is None:
                label = str(field.verbose_name) if field is not None else key
                parts = [(label, before, after, pii_fields.get(key, ""))]
                shown_as = field
            else:  # the model spelled its JSON out: plain values, no field to read them by
                shown_as = None
            for label, b, a, pii in parts:
                if row.action == "create" and _blank(a):
                    continue
                shown_b, whole_b = fold(_text(shown_as, b, names, pii))
                shown_a, whole_a = fold(_text(shown_as, a, names, pii))
                code = isinstance(shown_as, models.JSONField)
                lines.append(Line(label, shown_b, shown_a, whole_b, whole_a, code))
        out.append((row, lines))
    return out
