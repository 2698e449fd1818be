"""Text that is safe to keep: the one cleaning rule of the write path, and the caps on text a request may submit.

Control characters (NUL, \\x01 …, lone surrogates) are never stored: PostgreSQL refuses NUL, Word and Excel files
cannot hold them, so one such character saved in a title would make every download of the record fail. They are
dropped on every path that writes (`core.actions.validate`, the audited models' `save`, the bulk writers) and again
on the way out (`printable`), for anything saved before the rule existed.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models

# C0 controls except tab, line feed and carriage return; DEL; C1 controls; lone surrogates; non-characters.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile(r"[\t\r\n]+")

# Caps on text a request may submit (characters). A page or API refuses more with a Chinese message.
PROOFREAD_MAX_CHARS = 30_000  # a long 工作总结 is 15,000–20,000 characters
SECTION_MAX_CHARS = 20_000    # one section of a report (正文, 补充内容)
NOTE_MAX_CHARS = 4_000


def printable(value: str, single_line: bool = False) -> str:
    """`value` without control characters (and, for one-line fields, with line breaks as spaces)."""
    if not isinstance(value, str) or not value:
        return value
    if _CONTROL.search(value):
        value = _CONTROL.sub("", value)
    if single_line and _LINE_BREAKS.search(value):
        value = _LINE_BREAKS.sub(" ", value)
    return value


def clean_json(value):
    """Every string inside a JSON value (keys included) made printable."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable(k) if isinstance(k, str) else k: clean_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(clean_json(v) for v in value)
    return value


def clean_record(obj) -> None:
    """Make a record ready to store, in place (every write path calls it: `core.actions.validate`, the audited
    models' `save`, the bulk writers): every text and JSON field printable, then the model's own `before_write`
    (e.g. sealing personal data)."""
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname, None)
        if value is None:
            continue
        if isinstance(field, models.CharField) and isinstance(value, str):
            cleaned = printable(value, single_line=not field.choices)
        elif isinstance(field, models.TextField) and isinstance(value, str):
            cleaned = printable(value)
        elif isinstance(field, models.JSONField):
            cleaned = clean_json(value)
            if cleaned == value and type(cleaned) is type(value):
                continue
        else:
            continue
        if cleaned is not value:
            setattr(obj, field.attname, cleaned)
    hook = getattr(obj, "before_write", None)
    if hook is not None:
        hook()


def cap(text: str | None, limit: int, label: str) -> str:
    """`text`, or a ValidationError in Chinese when it is longer than `limit` characters."""
    text = text or ""
    if len(text) > limit:
        raise ValidationError(f"{label}不能超过 {limit:,} 个字（现有 {len(text):,} 个），请删减或分段提交")
    return text
