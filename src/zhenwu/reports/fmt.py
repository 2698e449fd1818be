"""Numbers written the way the reports write them: 18.14亿元, 2843万元, 同比增长9.8%, 整改率100%."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

YI, WAN = Decimal(10) ** 8, Decimal(10) ** 4


def _q(value: Decimal, places: int) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def trimmed(value: Decimal, places: int = 2) -> str:
    """Rounded to `places`, trailing zeros dropped, never in exponent form: 389.20 → 389.2, 2843.00 → 2843."""
    text = format(_q(value, places), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def money(value_yuan: Decimal, unit: str | None = None, places: int | None = None) -> str:
    """Money stored in 元, written in 亿元 (two decimals kept: 6.80亿元), 万元 or 元 (trailing zeros dropped)."""
    v = Decimal(value_yuan)
    if unit is None:
        unit = "亿元" if abs(v) >= YI else "万元" if abs(v) >= WAN else "元"
    if unit == "亿元":
        p = 2 if places is None else places
        return f"{format(_q(v / YI, p), 'f')}亿元"
    if unit == "万元":
        return f"{trimmed(v / WAN, 2 if places is None else places)}万元"
    return f"{trimmed(v, 0 if places is None else places)}元"


def count(value) -> str:
    return trimmed(Decimal(value), 2)


def percent(value, places: int = 1) -> str:
    return f"{trimmed(Decimal(value), places)}%"


def growth(rate_percent, places: int = 1, prefix: str = "同比") -> str:
    """`rate_percent` = (this − last) / last × 100 → 同比增长9.8% / 同比下降3.2% / 与上年持平."""
    r = _q(Decimal(rate_percent), places)
    if r == 0:
        return "与上年持平"
    return f"{prefix}{'增长' if r > 0 else '下降'}{trimmed(abs(r), places)}%"


def yoy_rate(this: Decimal, last: Decimal) -> Decimal | None:
    if last in (None, 0) or this is None:
        return None
    return (Decimal(this) - Decimal(last)) / abs(Decimal(last)) * 100


CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (for 一、 二、 … and 一是 二是)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else CN_DIGITS[tens]}十{CN_DIGITS[ones] if ones else ''}"
