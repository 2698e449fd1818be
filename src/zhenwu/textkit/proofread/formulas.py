"""Standard formulas (规范提法) written wrong: a name dropped or replaced, a character added, missing or replaced.

The formulas are curated in textkit/formulas.json.  Matching is anchor-based and linear: each formula is cut in
two halves, and a form at most one edit away from it contains one half unchanged (pigeonhole); one scan finds
every half, and only the few places where a half sits without its formula are compared character by character.
Redactions by the publishing site (***总书记, XX大) are left to `placeholder_name`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..numbers import CN_CHARS, PLACEHOLDER_MARKS
from .base import Defect, defect

_MIN_FUZZY = 7  # shorter formulas are matched only against their listed garbles
_PUNCT = {c: "、" for c in "、，,；;"}  # a list written with commas instead of 、 is no garble


@dataclass(frozen=True, slots=True)
class _Formula:
    standard: str
    name: str
    garbles: tuple[str, ...]
    variants: tuple[str, ...]


@lru_cache(maxsize=1)
def _load() -> tuple[list[_Formula], re.Pattern, dict[str, list[tuple[int, int, str]]]]:
    raw = json.loads(resources.files("zhenwu.textkit").joinpath("formulas.json").read_text(encoding="utf-8"))
    formulas = [_Formula(f["standard"], f.get("name", ""), tuple(f.get("garbles", ())), tuple(f.get("variants", ())))
                for f in raw["formulas"]]
    anchors: dict[str, list[tuple[int, int, str]]] = {}  # anchor → (formula index, offset in formula, role)
    for k, f in enumerate(formulas):
        s = f.standard
        if len(s) >= _MIN_FUZZY:
            mid = len(s) // 2
            anchors.setdefault(s[:mid], []).append((k, 0, "half"))
            anchors.setdefault(s[mid:], []).append((k, mid, "half"))
        if f.name:
            rest = s.replace(f.name, "", 1)
            anchors.setdefault(rest, []).append((k, s.index(rest), "rest"))
        for g in f.garbles:
            anchors.setdefault(g, []).append((k, 0, "garble"))
    regex = re.compile("|".join(re.escape(a) for a in sorted(anchors, key=len, reverse=True)))
    return formulas, regex, anchors


_PUNCT_RE = re.compile("[" + "".join(_PUNCT) + "]")


def _norm(s: str) -> str:
    return _PUNCT_RE.sub("、", s) if _PUNCT_RE.search(s) else s


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by exactly one added, missing or replaced character (O(len))."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] and not (a[i] in CN_CHARS and b[i] in CN_CHARS)  # 二十届二中 ≠ a slip
    return a[i:] == b[i + 1:]


def formulas(text: str) -> list[Defect]:
    table, regex, anchors = _load()
    out: list[Defect] = []
    done = -1
    for m in regex.finditer(text):
        if m.start() < done:
            continue
        for k, offset, role in anchors[m.group(0)]:
            f = table[k]
            found = _check(text, m.start() - offset, f, role)
            if found:
                start, end, message, note = found
                out.append(defect(text, "formula", start, end, note, message))
                done = end
                break
    return out


def _check(text: str, start: int, f: _Formula, role: str):
    s = f.standard
    if text.startswith(s, start) or _norm(text[start:start + len(s)]) == _norm(s):
        return None
    window = text[max(0, start - 2):start + len(s) + 1]  # only marks in the formula's own place
    if any(c in PLACEHOLDER_MARKS for c in window):
        return None  # a redacted name or number: placeholder_name reports it
    if role == "garble":
        g = next(g for g in f.garbles if text.startswith(g, start))
        if s in text[max(0, start - len(s)):start + len(s) + len(g)]:
            return None
        return start, start + len(g), f"疑似规范提法有误：“{g}”应为“{s}”", f"{g} → {s}"
    if role == "rest":
        rest = s.replace(f.name, "", 1)
        at = start + s.index(rest)  # where the formula without its name begins
        lead = text[max(0, at - len(f.name)):at]
        if lead == f.name or (lead and not "\u4e00" <= lead[-1] <= "\u9fff" and lead[-1] not in "，,、。；;：:“\"（(\n 　"):
            return None  # 以A新时代…: the name replaced by a letter or mark when the page was published
        if len(lead) == len(f.name) and _one_edit(lead, f.name):
            wrong = text[at - len(f.name):at + len(rest)]
            return at - len(f.name), at + len(rest), f"疑似规范提法有误：“{wrong}”应为“{s}”（名字有误）", f"{wrong} → {s}"
        return at, at + len(rest), f"疑似规范提法有误：“{rest}”应为“{s}”（漏写“{f.name}”）", f"{rest} → {s}"
    for lo in (start, start - 1, start + 1):
        for n in (len(s) - 1, len(s) + 1, len(s)):
            if lo < 0:
                continue
            cand = text[lo:lo + n]
            if _one_edit(_norm(cand), _norm(s)) and not _near_standard(text, lo, f):
                return lo, lo + n, f"疑似规范提法有误：“{cand}”应为“{s}”", f"{cand} → {s}"
    return None


def _near_standard(text: str, lo: int, f: _Formula) -> bool:
    """The standard (or an accepted variant) written within a character of here: the window only overlaps it."""
    s = f.standard
    span = text[max(0, lo - 2):lo + len(s) + 2]
    return s in span or _norm(s) in _norm(span) or any(v in span for v in f.variants)
