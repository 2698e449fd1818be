"""Number grammar: one compiled regex finds every number-with-unit mention; helpers turn its parts into values.

A mention is  [hedge] number [range] [余/多] unit [以上/左右…]  where number is Arabic (half/full width,
thousands separators, decimals) or Chinese (十三, 两千, 三万五千).  For Arabic numbers a following 万/亿 is
bound to the unit as written (1.8万亩 → 1.8, 万亩); Chinese numerals are converted whole (一万人 → 10000, 人).
"""

from __future__ import annotations

import re

from . import lexicon

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")

CN_DIGITS = "零〇一二两三四五六七八九"
CN_CHARS = CN_DIGITS + "十百千万亿"
_CN_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNIT = {"万": 10_000, "亿": 100_000_000}

AR = r"[0-9０-９]+(?:,[0-9]{3}(?![0-9]))*(?:[.．][0-9０-９]+)?"
CN = f"[{CN_CHARS}]+"
# For scanning: a number never starts inside a run of digits (or of Chinese numerals).  The lookbehind sits after
# the first character, so the scan still starts on a character class, and a long run is tried once, not at every
# position in it (which made a 300k run of digits quadratic).
AR_SCAN = r"[0-9０-９](?<![0-9０-９][0-9０-９])[0-9０-９]*(?:,[0-9]{3}(?![0-9]))*(?:[.．][0-9０-９]+)?"
CN_SCAN = f"[{CN_CHARS}](?<![{CN_CHARS}][{CN_CHARS}])[{CN_CHARS}]*"
RANGE_SEP = r"(?:至|到|~|～|-|－|—)"
PLACEHOLDER_MARKS = "XxＸｘ×*＊Ⅹⅹ"  # also 粮食播种面积xxxxx亩, 损失**万元, ⅩⅩ年


def unit_pattern(named: bool = True) -> str:
    """Units as written: %, 个百分点, 亩, 万亩, 万余元 (scale, hedge, base), bare 万 …"""
    base_units = [u for u in lexicon.unit_kinds() if not u.startswith(("万", "亿"))]
    scaled_units = [u for u in lexicon.unit_kinds() if u.startswith(("万", "亿"))]
    scale, mid2, scaled = ("?P<scale>", "?P<mid2>", "?P<scaled>") if named else ("?:", "?:", "?:")
    return (
        r"[%％‰]|个百分点|百分点|倍|个多月|周岁|岁|周年"
        rf"|{lexicon.alternation(scaled_units)}"
        rf"|({scale}[万亿])({mid2}[余多])?({scaled}{lexicon.alternation(base_units)})?"
        rf"|{lexicon.alternation(base_units)}"
    )


def _build_mention_regex() -> re.Pattern:
    hedges = lexicon.load()["hedges"]
    unit = unit_pattern()
    # No leading hedge in the regex: starting on a digit class lets `re` skip ahead fast; see HEDGE_BEFORE_RE.
    pattern = (
        rf"(?:百分之(?P<pct>{AR_SCAN}|{CN_SCAN})"
        rf"|(?P<num>{AR_SCAN}|{CN_SCAN})(?:[ \u3000]?{RANGE_SEP}[ \u3000]?(?P<num2>{AR_SCAN}|{CN_SCAN}))?"
        rf"[ \u3000]?(?P<mid>[余多])?[ \u3000]?(?P<unit>{unit}))"
        rf"(?P<post>{lexicon.alternation(hedges['after'])})?"
    )
    return re.compile(pattern)


MENTION_RE = _build_mention_regex()
HEDGE_BEFORE_RE = re.compile(rf"(?:{lexicon.alternation(lexicon.load()['hedges']['before'])})$")
HEDGE_LAST_CHARS = frozenset(h[-1] for h in lexicon.load()["hedges"]["before"])  # cheap test before the search

# Atomic: no unit starts with a digit or a mark, so giving characters back never helps (and was quadratic on XXXX…)
PLACEHOLDER_NUMBER = rf"(?>[0-9０-９]*[{PLACEHOLDER_MARKS}]+(?:[0-9０-９.．{PLACEHOLDER_MARKS}]*[0-9０-９{PLACEHOLDER_MARKS}])?)"


def normalize_digits(s: str) -> str:
    return s.translate(_FULLWIDTH)


_ARABIC_DIGITS = frozenset("0123456789０１２３４５６７８９")


def is_arabic(s: str) -> bool:
    return bool(s) and s[0] in _ARABIC_DIGITS


def parse_arabic(s: str) -> float:
    return float(normalize_digits(s).replace(",", ""))


def parse_chinese(s: str) -> float | None:
    """十三 → 13, 两千 → 2000, 三万五千 → 35000, 一千五百 → 1500; None if malformed."""
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in _CN_VALUE:
            if digit is not None:  # 二零二三-style digit strings
                digit = digit * 10 + _CN_VALUE[ch]
            else:
                digit = _CN_VALUE[ch]
        elif ch in _CN_SMALL_UNIT:
            section += (1 if digit is None else digit) * _CN_SMALL_UNIT[ch]
            digit = None
        elif ch in _CN_BIG_UNIT:
            section += digit or 0
            if section == 0:
                section = 1
            total = (total + section) * _CN_BIG_UNIT[ch] if ch == "亿" else total + section * _CN_BIG_UNIT[ch]
            section, digit = 0, None
        else:
            return None
    return float(total + section + (digit or 0))


def parse_number(s: str) -> float | None:
    if is_arabic(s):
        return parse_arabic(s)
    return parse_chinese(s)


def plain(value: float) -> int | float:
    """1500.0 → 1500 so JSON shows numbers as written."""
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def decimals(s: str) -> int:
    s = normalize_digits(s)
    return len(s.split(".", 1)[1]) if "." in s else 0
