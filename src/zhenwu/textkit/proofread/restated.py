"""One quantity stated twice with different values (kind `inconsistent`)."""

from __future__ import annotations

import re

from ..extract import Fact
from .base import CJK_RUN, LIST_ITEM_RE, LOOKBACK, Defect, clause_before, common_words, defect, last_of, sentence_start

_MEASURED_BY = 4  # a restated quantity repeats at least this many characters right before its number
_COMMON_MEASURE = 6  # a phrase measured more often than this is generic (计划投资, 补助资金), not one quantity
_CJK_TAIL = re.compile(r"[\u4e00-\u9fff]+$")
_ENTITY_SUFFIX_RE = re.compile(r"项目|基地|中心|公司|合作社|工程|电站|园区|产业园|示范区|农场|市场|景区|学校|医院")
_PARAGRAPH_END = "。\n"
_GENERIC_NAME = frozenset(["建设", "重点", "示范", "产业", "服务", "综合", "民生", "招商", "新建", "在建", "续建", "各类", "相关",
                           "签约", "履约", "开工", "新开工", "储备", "合作", "投资", "引进"])
_RARE_NAME = 5  # a name mentioned more often than this is the report's general topic, not one statement's


def inconsistencies(text: str, facts: list[Fact]) -> list[Defect]:
    """中节能光伏项目…已完成土地流转1500余亩 … 中节能光伏项目…目前已完成土地流转1000余亩.

    The same quantity stated twice with different values: the words right before both numbers agree
    (≥ 4 characters, a phrase the report does not measure over and over), the two statements sit in
    different paragraphs, and their sentences name the same project, base or company, which the report
    mentions only there.  Both places are flagged: the clerk has to check which one is right.
    """
    buckets: dict[tuple[str, str], list[tuple[Fact, str]]] = {}
    for f in facts:
        if f.kind in ("percent", "growth") or isinstance(f.value, list):
            continue
        head = _measured_words(text, f)
        for key in {head[i - _MEASURED_BY:i] for i in range(max(_MEASURED_BY, len(head) - 3), len(head) + 1)}:
            buckets.setdefault((f.unit, key), []).append((f, head))
    out: list[Defect] = []
    seen: set[tuple[int, int]] = set()
    counts: dict[str, int] = {}
    for members in buckets.values():
        if len(members) > _COMMON_MEASURE:
            continue
        for (a, head_a), (b, head_b) in _pairs(members):
            if (a.start, b.start) in seen or not _differ(a, b) or "\n" not in text[a.end:b.start]:
                continue
            if _items_of_one_list(text, a.start, b.start):
                continue  # 6．…项目种植面积500亩 / 8．…基地种植面积1350亩: two items, two things
            entity = _shared_entity(text, a, b, counts)
            if entity is None or entity in head_a or entity in head_b:  # 7．…基地建设项目计划投资: the item's own name
                continue
            seen.add((a.start, b.start))
            key = common_words(head_a, head_b)
            for here, there in ((a, b), (b, a)):
                start = clause_before(text, here.start, sentence_start(text, here.start))
                out.append(defect(text, "inconsistent", start, here.end,
                                   f"{entity}: {key} is {here.text} here but {there.text} elsewhere",
                                   f"同一数量前后不一致：{entity}的“{key}”此处为{here.text}，"
                                   f"第{text.count(chr(10), 0, there.start) + 1}行为{there.text}"))
    return out


def _measured_words(text: str, f: Fact) -> str:
    """The run of Chinese characters right before the number (结成导师帮带师徒 in 结成导师帮带师徒13对)."""
    m = _CJK_TAIL.search(text, max(0, f.start - 12), f.start)
    return m.group(0) if m else ""


def _pairs(members: list[tuple[Fact, str]]):
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            yield (a, b) if a[0].start < b[0].start else (b, a)


def _differ(a: Fact, b: Fact) -> bool:
    if a.value == b.value or a.kind != b.kind:
        return False
    if a.approx or b.approx:  # 1500余亩 and 1520亩 may well be the same figure
        return abs(a.value - b.value) > 0.1 * max(abs(a.value), abs(b.value))
    return True


def _paragraph(text: str, pos: int) -> tuple[int, int]:
    lo = last_of(text, _PARAGRAPH_END, pos) + 1
    ends = [i for i in (text.find(c, pos, pos + LOOKBACK) for c in _PARAGRAPH_END) if i >= 0]
    return lo, min(ends) if ends else min(len(text), pos + LOOKBACK)


def _shared_entity(text: str, a: Fact, b: Fact, counts: dict[str, int]) -> str | None:
    """The longest project/base/company name in both facts' sentences that the report names only there."""
    sa, sb = text[slice(*_paragraph(text, a.start))], text[slice(*_paragraph(text, b.start))]
    best = None
    for m in _ENTITY_SUFFIX_RE.finditer(sa):
        for size in range(8, 1, -1):
            lo = m.start() - size
            if lo < 0:
                continue
            name = sa[lo:m.end()]
            if not CJK_RUN.fullmatch(name) or name not in sb or name[:-len(m.group(0))] in _GENERIC_NAME:
                continue
            if name not in counts:
                counts[name] = text.count(name)
            if counts[name] <= _RARE_NAME and (best is None or len(name) > len(best)):
                best = name
            break
    return best


def _items_of_one_list(text: str, a: int, b: int) -> bool:
    """Both positions are in items of one numbered list (1．… 2．… or （一）…) with nothing else between."""
    first = text.rfind("\n", 0, a) + 1
    lines = text[first:text.find("\n", b) if "\n" in text[b:] else len(text)].split("\n")
    return 1 < len(lines) <= 30 and all(LIST_ITEM_RE.match(line) for line in lines)
