"""Plausibility rules for values, declared once on the models that use them (so every path refuses the same)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

class ConflictError(ValidationError):
    """The record was changed by someone else since the user loaded it (the API answers 409)."""


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


EARLIEST_YEAR, LATEST_YEAR = EARLIEST.year, LATEST.year


def plausible_year(value: int) -> None:
    if value is not None and not EARLIEST_YEAR <= value <= LATEST_YEAR:
        raise ValidationError(f"年度应在 {EARLIEST_YEAR} 至 {LATEST_YEAR} 之间")


def ends_after(obj, start: str, end: str, message: str) -> dict:
    """{end: message} when both dates are set and `end` is before `start` (for a model's clean())."""
    a, b = getattr(obj, start), getattr(obj, end)
    return {end: message} if a and b and b < a else {}


def text_cap(limit: int):
    """A length limit for a TextField (Django enforces max_length only on CharField); the message is Django's own,
    in the project's wording ("不能超过 N 个字（现有 M 个）")."""
    from django.core.validators import MaxLengthValidator

    return MaxLengthValidator(limit)


# Counts of people and households: a county has fewer than a hundred million.
MAX_COUNT = 100_000_000


def plausible_count(value: int) -> None:
    if value is not None and not 0 <= value <= MAX_COUNT:
        raise ValidationError(f"应在 0 至 {MAX_COUNT:,} 之间")
