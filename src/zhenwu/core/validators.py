"""Plausibility rules for values, declared once on the models that use them (so every path refuses the same)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)


def plausible_date(value: dt.date) -> None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValidationError(f"日期应在 {EARLIEST:%Y-%m-%d} 至 {LATEST:%Y-%m-%d} 之间")


def not_in_future(value: dt.date) -> None:
    """For the date something happened (登记、发生): it cannot be after today."""
    plausible_date(value)
    if value is not None and value > timezone.localdate():
        raise ValidationError("发生日期不能晚于今天")
