"""Numbers as the reports write them — the one presentation of figures for pages, exports, reports and the API's
display fields: 18.14亿元, 6.80亿元, 2843万元, 389.2万元, 整改率100%, 同比增长9.8%, 提高2.3个百分点.

Money is kept in 元 everywhere and written here: 亿元 from a hundred million (always two decimals, as the corpus
writes 6.80亿元), 万元 from ten thousand (trailing zeros dropped), else 元 — never four decimals of 亿元 on a page,
never a bare 元 figure for a big sum. Rounding is half-up, as the reports round.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

YI, WAN = Decimal(10) ** 8, Decimal(10) ** 4
EMPTY = "—"


def _q(value, places: int) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def trimmed(value, places: int = 2) -> str:
    """Rounded to `places`, trailing zeros dropped, never in exponent form: 389.20 → 389.2, 2843.00 → 2843, 1E+1 →
    10. None → ""."""
    if value is None:
        return ""
    text = format(_q(value, places), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def money(value_yuan, unit: str | None = None, places: int | None = None) -> str:
    """Money stored in 元, written in 亿元 / 万元 / 元 (`unit` forces one of them; None picks by size)."""
    if value_yuan is None:
        return EMPTY
    v = Decimal(value_yuan)
    if unit is None:
        unit = "亿元" if abs(v) >= YI else "万元" if abs(v) >= WAN else "元"
    if unit == "亿元":
        return f"{format(_q(v / YI, 2 if places is None else places), 'f')}亿元"
    if unit == "万元":
        return f"{trimmed(v / WAN, 2 if places is None else places)}万元"
    return f"{trimmed(v, 2 if places is None else places)}元"


def count(value) -> str:
    return EMPTY if value is None else trimmed(Decimal(value), 2)


def percent(value, places: int = 1) -> str:
    return EMPTY if value is None else f"{trimmed(Decimal(value), places)}%"


def quantity(value, unit: str = "", places: int = 2) -> str:
    """Any figure with its unit: money through `money`, a percentage through `percent`, else 1234.5亩."""
    if value is None:
        return EMPTY
    if unit == "元":
        return money(value)
    if unit in ("%", "％"):
        return percent(value, places)
    return f"{trimmed(Decimal(value), places)}{unit}"


def growth(rate_percent, places: int = 1, prefix: str = "同比") -> str:
    """(this − last) / last × 100 → 同比增长9.8% / 同比下降3.2% / 与上年持平 (`prefix=""`: 增长9.8%)."""
    if rate_percent is None:
        return EMPTY
    r = _q(rate_percent, places)
    if r == 0:
        return "与上年持平" if prefix == "同比" else "持平"
    return f"{prefix}{'增长' if r > 0 else '下降'}{trimmed(abs(r), places)}%"


def points(delta, places: int = 1) -> str:
    """A change of a rate, in percentage points: 提高2.3个百分点 / 下降0.5个百分点 / 持平."""
    if delta is None:
        return EMPTY
    d = _q(delta, places)
    if d == 0:
        return "持平"
    return f"{'提高' if d > 0 else '下降'}{trimmed(abs(d), places)}个百分点"


CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (for 一、 二、 … and 一是 二是)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else CN_DIGITS[tens]}十{CN_DIGITS[ones] if ones else ''}"
