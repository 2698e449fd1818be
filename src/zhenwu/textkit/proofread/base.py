"""What every proof-reading rule shares: the Defect record and the clause/sentence arithmetic on spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..extract import Fact
from ..numbers import plain

LOOKBACK = 200  # clauses and sentences are searched for this far back at most
SENTENCE_END = "。；;\n"
CLAUSE_MARKS = frozenset("，,。；;：:！!？?\n")
SCALE_WORDS = {"万": 10_000, "亿": 100_000_000}
CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
LIST_ITEM_RE = re.compile(r"[ \u3000]*(?:[0-9０-９]+[．.、]|[（(][0-9０-９一二三四五六七八九十]+[)）])")


@dataclass(slots=True)
class Defect:
    kind: str
    text: str
    start: int
    end: int
    note: str = ""
    message: str = ""
    family: str = ""  # which relation an `arithmetic` defect breaks (share, average, …); "" for the rest

    def to_dict(self) -> dict:
        d = {"type": "defect", "kind": self.kind, "text": self.text, "note": self.note,
             "start": self.start, "end": self.end, "message": self.message}
        if self.family:
            d["family"] = self.family
        return d


def defect(text: str, kind: str, start: int, end: int, note: str, message: str) -> Defect:
    return Defect(kind=kind, text=text[start:end], start=start, end=end, note=note, message=message)


def fmt(x: float) -> str:
    return f"{plain(round(x, 4))}"


def widen(text: str, start: int, end: int, by: int = 4) -> tuple[int, int]:
    """Up to `by` characters of context on each side of text[start:end], never crossing a clause mark."""
    lo = start
    while lo > max(0, start - by) and text[lo - 1] not in CLAUSE_MARKS:
        lo -= 1
    hi = end
    while hi < min(len(text), end + by) and text[hi] not in CLAUSE_MARKS:
        hi += 1
    return lo, hi


def last_of(text: str, chars: str, pos: int, floor: int = 0) -> int:
    lo = max(floor, pos - LOOKBACK)
    return max(max(text.rfind(c, lo, pos) for c in chars), lo - 1)


def sentence_start(text: str, pos: int) -> int:
    return last_of(text, SENTENCE_END, pos) + 1


def clause_start(text: str, pos: int) -> int:
    return last_of(text, "，,。；;：:\n", pos) + 1


def clause_before(text: str, pos: int, floor: int) -> int:
    return max(last_of(text, "，,、：:", pos, floor) + 1, floor)


def tolerance(fact: Fact) -> float:
    return 10.0 ** -fact.decimals + 1e-9


def scale(f: Fact) -> tuple[str, float]:
    """The unit a figure counts in and its factor: 1.2亿元 → (元, 1e8), 5000万元 → (元, 1e4), 3万亩 → (亩, 1e4)."""
    unit = f.unit
    if unit[:1] in SCALE_WORDS:
        base = unit[1:] or ("元" if f.kind == "amount" else "")
        return base, SCALE_WORDS[unit[0]]
    return unit, 1


def sum_in_unit_of(total: Fact, parts: list[Fact]) -> float:
    return sum(p.value * scale(p)[1] for p in parts) / scale(total)[1]


def common_words(a: str, b: str) -> str:
    """The longest run of characters the two phrases share (已完成土地流转)."""
    best = ""
    for i in range(len(a)):
        j = i + len(best) + 1
        while j <= len(a) and a[i:j] in b:
            best, j = a[i:j], j + 1
    return best
