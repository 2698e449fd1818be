from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def wan(value):
    """元 → 万元 with at most two decimals, for tables (reports choose 万元/亿元 themselves)."""
    if value in (None, ""):
        return "—"
    text = format((Decimal(value) / 10000).quantize(Decimal("0.01")), "f").rstrip("0").rstrip(".")
    return text or "0"
