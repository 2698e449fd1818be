"""Template filters for figures, all from `zhenwu.core.fmt`: {{ x|money }}, {{ x|percent }}, {{ x|growth }}."""

from django import template

from zhenwu.core import fmt

register = template.Library()


@register.filter
def money(value_yuan):
    return fmt.money(value_yuan)


@register.filter
def percent(value, places=1):
    return fmt.percent(value, int(places))


@register.filter
def growth(rate):
    """增长9.8% / 下降3.2% (a table column already says 同比)."""
    return fmt.growth(rate, prefix="")


@register.filter
def count(value):
    return fmt.count(value)
