"""Indicator packs: the catalogue as a YAML/JSON file an administrator can download, change and load again."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Indicator

PACK_DIR = Path(__file__).resolve().parent / "packs"
DEFAULT_PACK = PACK_DIR / "township.yaml"

# pack key → model field
_FIELDS = {
    "name": "name", "synonyms": "synonyms", "unit": "unit", "display": "display_unit", "category": "category",
    "agg": "aggregation", "freq": "frequency", "formula": "formula", "min": "min_value", "max": "max_value",
    "headline": "headline", "description": "description",
}


class PackError(ValueError):
    """A pack that cannot be loaded; `errors` lists every problem in Chinese."""

    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors))
        self.errors = errors


def read_pack(source) -> dict:
    """Parse a pack from a path, bytes or text (YAML is a superset of JSON)."""
    if isinstance(source, Path):
        source = source.read_text(encoding="utf-8")
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PackError(["指标包应为 UTF-8 编码的 YAML 或 JSON 文件"]) from None
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as e:
        raise PackError([f"指标包格式有误：{e}"]) from None
    if not isinstance(data, dict) or not isinstance(data.get("indicators"), list):
        raise PackError(["指标包应包含 indicators 列表"])
    return data


def _decimal(value, what: str, errors: list[str]):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        errors.append(f"{what}不是数字：{value}")
        return None


def load_pack(source=DEFAULT_PACK) -> tuple[int, int]:
    """Create or update the catalogue from a pack, all or nothing. Returns (created, updated)."""
    data = read_pack(source)
    errors: list[str] = []
    rows: list[tuple[str, dict]] = []
    seen: set[str] = set()
    for i, item in enumerate(data["indicators"], start=1):
        where = f"第 {i} 个指标"
        if not isinstance(item, dict) or not item.get("code"):
            errors.append(f"{where}缺少代码（code）")
            continue
        code = str(item["code"])
        if code in seen:
            errors.append(f"{where}代码“{code}”重复")
        seen.add(code)
        fields = {field: item[key] for key, field in _FIELDS.items() if key in item}
        fields.setdefault("synonyms", [])
        fields.setdefault("formula", "")
        fields["min_value"] = _decimal(item.get("min", 0), f"{where}（{code}）下限", errors)
        fields["max_value"] = _decimal(item.get("max"), f"{where}（{code}）上限", errors)
        fields["sort"] = i * 10
        rows.append((code, fields))
    if errors:
        raise PackError(errors)
    created = updated = 0
    with transaction.atomic():
        existing = {i.code: i for i in Indicator.objects.filter(code__in=[code for code, _ in rows])}
        changed = []
        for code, fields in rows:
            obj = existing.get(code) or Indicator(code=code)
            if obj.pk is None or any(getattr(obj, k) != v for k, v in fields.items()):
                for k, v in fields.items():
                    setattr(obj, k, v)
                changed.append(obj)
        _check(changed, "clean_fields")
        for obj in changed:
            created += obj.pk is None
            updated += obj.pk is not None
            obj.save()
        # Formulas are checked once every code exists, so they may name indicators later in the pack;
        # leaving the atomic block by the exception undoes the saves.
        _check(changed, "clean")
    return created, updated


def dump_pack() -> str:
    """The current catalogue as a pack (YAML), to download, edit and load again."""
    items = []
    for ind in Indicator.objects.all():
        item = {"code": ind.code}
        for key, field in _FIELDS.items():
            value = getattr(ind, field)
            if value in (None, "", [], False):
                continue
            item[key] = format(value.normalize(), "f") if isinstance(value, Decimal) else value
        items.append(item)
    return yaml.safe_dump({"name": "乡镇指标包", "version": 1, "indicators": items}, allow_unicode=True, sort_keys=False)


def _check(indicators: list, method: str) -> None:
    """Run a validation method on every indicator and raise one PackError listing all the problems."""
    errors = []
    for obj in indicators:
        try:
            getattr(obj, method)()
        except ValidationError as e:
            errors.extend(f"{obj.code}：{m}" for m in e.messages)
    if errors:
        raise PackError(errors)
