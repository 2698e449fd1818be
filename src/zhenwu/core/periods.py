"""Reporting periods: "2023", "2023H1", "2023Q3", "2023-05", "2023-01..05" (a range of months).

Pure Python (no Django) so every layer can use it. A period is a closed range of months of one year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

# Period kinds: what `Period.kind` answers.
YEAR, HALF, QUARTER, MONTH, RANGE = "year", "half", "quarter", "month", "range"

_PATTERN = re.compile(r"^\s*(\d{4})(?:(H)(\d+)|(Q)(\d+)|-(\d{1,2})(?:\.\.(\d{1,2}))?)?\s*$", re.IGNORECASE)


class PeriodError(ValueError):
    """A period string that does not name a real period; the message is for the user."""


@dataclass(frozen=True, order=True)
class Period:
    year: int
    first_month: int
    last_month: int

    @classmethod
    def parse(cls, text: str | Period) -> Period:
        if isinstance(text, Period):
            return text
        m = _PATTERN.match(str(text))
        if not m:
            raise PeriodError(f"无效的期间“{text}”：应写作 2023、2023H1、2023Q3、2023-05 或 2023-01..05")
        year = int(m.group(1))
        if not 1949 <= year <= 2100:
            raise PeriodError(f"无效的期间“{text}”：年份 {year} 超出范围")
        if m.group(2):
            n = int(m.group(3))
            if n not in (1, 2):
                raise PeriodError(f"无效的期间“{text}”：半年只能是 H1 或 H2")
            return cls(year, 6 * n - 5, 6 * n)
        if m.group(4):
            n = int(m.group(5))
            if not 1 <= n <= 4:
                raise PeriodError(f"无效的期间“{text}”：季度只能是 Q1–Q4")
            return cls(year, 3 * n - 2, 3 * n)
        if m.group(6):
            n = int(m.group(6))
            last = int(m.group(7)) if m.group(7) else n
            if not (1 <= n <= 12 and 1 <= last <= 12):
                raise PeriodError(f"无效的期间“{text}”：月份只能是 01–12")
            if last < n:
                raise PeriodError(f"无效的期间“{text}”：起始月份 {n} 月晚于结束月份 {last} 月")
            return cls(year, n, last)
        return cls(year, 1, 12)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls.parse(f"{year}-{month:02d}")

    # kind and code are asked millions of times by a county's roll-up: worked out once per period object
    @cached_property
    def kind(self) -> str:
        span = self.last_month - self.first_month + 1
        return {12: YEAR, 6: HALF, 3: QUARTER, 1: MONTH}.get(span, RANGE)

    @cached_property
    def code(self) -> str:
        kind = self.kind
        if kind == YEAR:
            return str(self.year)
        if kind == HALF:
            return f"{self.year}H{self.last_month // 6}"
        if kind == QUARTER:
            return f"{self.year}Q{self.last_month // 3}"
        if kind == MONTH:
            return f"{self.year}-{self.first_month:02d}"
        return f"{self.year}-{self.first_month:02d}..{self.last_month:02d}"

    @property
    def label(self) -> str:
        kind = self.kind
        if kind == YEAR:
            return f"{self.year}年"
        if kind == HALF:
            return f"{self.year}年{'上' if self.last_month == 6 else '下'}半年"
        if kind == QUARTER:
            return f"{self.year}年第{'一二三四'[self.last_month // 3 - 1]}季度"
        if kind == MONTH:
            return f"{self.year}年{self.first_month}月"
        return f"{self.year}年{self.first_month}—{self.last_month}月"

    def __str__(self) -> str:
        return self.code

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> list[Period]:
        return [Period(self.year, m, m) for m in range(self.first_month, self.last_month + 1)]

    def last_year(self) -> Period:
        """The same period one year earlier (for 同比)."""
        return Period(self.year - 1, self.first_month, self.last_month)

    def cumulative(self) -> Period:
        """January up to the end of this period (累计 1–N月)."""
        return Period(self.year, 1, self.last_month)
