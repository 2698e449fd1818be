"""Units: values are stored in an indicator's base unit (money in 元); reports write 万元/亿元, 万亩, 万吨…"""

from __future__ import annotations

from decimal import Decimal

# written unit → (base unit, factor). Units not listed are their own base.
SCALED = {
    "万元": ("元", Decimal(10) ** 4),
    "亿元": ("元", Decimal(10) ** 8),
    "千元": ("元", Decimal(10) ** 3),
    "万亩": ("亩", Decimal(10) ** 4),
    "万吨": ("吨", Decimal(10) ** 4),
    "万斤": ("斤", Decimal(10) ** 4),
    "万人": ("人", Decimal(10) ** 4),
    "万户": ("户", Decimal(10) ** 4),
    "万人次": ("人次", Decimal(10) ** 4),
    "千米": ("公里", Decimal(1)),
    "km": ("公里", Decimal(1)),
    "％": ("%", Decimal(1)),
    "件": ("件", Decimal(1)),
}
# Counting words that mean the same thing in reports.
ALIASES = {"起": "件", "宗": "件", "场次": "次", "场": "次", "家": "个", "所": "个", "处": "个"}


def base_of(unit: str) -> tuple[str, Decimal]:
    unit = (unit or "").strip()
    if unit in SCALED:
        return SCALED[unit]
    return ALIASES.get(unit, unit), Decimal(1)


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal | None:
    """`value` written in `from_unit`, expressed in `to_unit`; None when the units measure different things."""
    base_from, f_from = base_of(from_unit)
    base_to, f_to = base_of(to_unit)
    if base_from != base_to:
        return None
    return value * f_from / f_to


def compatible(a: str, b: str) -> bool:
    return base_of(a)[0] == base_of(b)[0]

