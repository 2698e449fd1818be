"""Indicator packs: the catalogue as a YAML/JSON file an administrator can download, change and load again."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from .models import Indicator

PACK_DIR = Path(__file__).resolve().parent / "packs"
DEFAULT_PACK = PACK_DIR / "township.yaml"

# pack key → model field
PACK_FIELDS = {
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


def pack_decimal(value, what: str, errors: list[str]):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        errors.append(f"{what}不是数字：{value}")
        return None


def dump_pack() -> str:
    """The current catalogue as a pack (YAML), to download, edit and load again."""
    items = []
    for ind in Indicator.objects.all():
        item = {"code": ind.code}
        for key, field in PACK_FIELDS.items():
            value = getattr(ind, field)
            if value in (None, "", [], False):
                continue
            item[key] = format(value.normalize(), "f") if isinstance(value, Decimal) else value
        items.append(item)
    return yaml.safe_dump({"name": "乡镇指标包", "version": 1, "indicators": items}, allow_unicode=True, sort_keys=False)
