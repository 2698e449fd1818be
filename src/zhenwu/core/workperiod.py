"""The working period: one current year/period per user session, chosen beside the unit switcher.

Every area (工作台, 指标, 项目任务, 台账, 报告) takes it as its default when the page names no period. The middleware
sets it for the request (`request.period`) and for code that has no request at hand (`current_period()`:
dashboard cards, template tags).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt

from django.utils import timezone

from .periods import Period, PeriodError

SESSION_PERIOD_KEY = "zhenwu_period"
_current: contextvars.ContextVar[Period | None] = contextvars.ContextVar("zhenwu_period", default=None)


def this_year(today: dt.date | None = None) -> Period:
    """The default working period: the calendar year of today."""
    return Period.parse(str((today or timezone.localdate()).year))


def session_period(request) -> Period:
    """The period stored in the session, or this year (a stored value that no longer parses is dropped)."""
    code = request.session.get(SESSION_PERIOD_KEY) if hasattr(request, "session") else None
    if code:
        try:
            return Period.parse(code)
        except PeriodError:
            request.session.pop(SESSION_PERIOD_KEY, None)
    return this_year()


def choose(request, text: str) -> Period:
    """Store the period the user typed or picked; PeriodError (a Chinese message) if it does not parse."""
    period = Period.parse((text or "").strip()[:20])
    request.session[SESSION_PERIOD_KEY] = period.code
    return period


def current_period() -> Period:
    """The working period of the request being served, else this year."""
    return _current.get() or this_year()


def current_year() -> int:
    return current_period().year


@contextlib.contextmanager
def working_in(period: Period | None):
    token = _current.set(period)
    try:
        yield
    finally:
        _current.reset(token)


def choices(today: dt.date | None = None) -> list[Period]:
    """What the switcher offers: this year and the four before, each with its halves and quarters."""
    year = (today or timezone.localdate()).year
    out = []
    for y in range(year, year - 5, -1):
        out.append(Period(y, 1, 12))
        out.extend(Period(y, 6 * h - 5, 6 * h) for h in (1, 2))
        out.extend(Period(y, 3 * q - 2, 3 * q) for q in (1, 2, 3, 4))
    return out
