"""Proof-reading: the errors a careful clerk would flag before a report is sent up.

Kinds (SCHEMA.md): placeholder, missing_number, arithmetic, sum, inconsistent, duplicate_char, typo, other
(impossible dates, yuan to four decimals); plus placeholder_name for redacted names (XX镇, XXX村), which is
reported but not a scored kind, and formula for a standard formula (规范提法) written wrong.  Every rule is general: nothing here names one report.

Most patterns start with a literal or a character class and check what precedes it by a lookbehind placed
after it: a pattern that starts with a lookbehind is scanned several times slower.
"""

from __future__ import annotations

from ..extract import Fact, extract
from ..layout import reading_view
from . import figures, formulas, relations, restated, wording
from .base import Defect

__all__ = ["Defect", "proofread"]


def proofread(text: str, facts: list[Fact] | None = None) -> list[Defect]:
    """All defects found in `text`, sorted by position.  Spans index `text`."""
    if facts is None:
        facts = extract(text)
    original, text = text, reading_view(text)  # same length: hard-wrapped lines joined up
    defects: list[Defect] = []
    defects += wording.placeholders(text)
    defects += wording.missing_numbers(text)
    defects += wording.duplicates(text)
    defects += wording.typos(text)
    defects += wording.transposed_names(text)
    defects += formulas.formulas(text)
    defects += figures.arithmetic(text, facts)
    defects += figures.growth_against_base(text, facts)
    defects += figures.sums(text, facts)
    defects += figures.enumerations(text)
    defects += figures.listed_totals(text, facts)
    defects += figures.parts_over_total(text, facts)
    defects += restated.inconsistencies(text, facts)
    defects += figures.implausible(text, facts)
    defects = _without_repeats(defects, relations.relations(text, facts))
    defects.sort(key=lambda d: (d.start, d.end))
    if text is not original:
        for d in defects:
            d.text = original[d.start:d.end]
    return defects


def _without_repeats(found: list[Defect], more: list[Defect]) -> list[Defect]:
    """Relation checks may meet a figure an older rule already flagged (same kind, same stated figure): keep one."""
    ends = {(d.kind, d.end) for d in found}
    return found + [d for d in more if (d.kind, d.end) not in ends]
