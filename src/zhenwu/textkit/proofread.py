"""Proof-reading: the errors a careful clerk would flag before a report is sent up.

Kinds (SCHEMA.md): placeholder, missing_number, arithmetic, sum, inconsistent, duplicate_char, typo, other
(impossible dates, yuan to four decimals); plus placeholder_name for redacted names (XX镇, XXX村), which is
reported but not a scored kind.  Every rule is general: nothing here names one report.

Most patterns start with a literal or a character class and check what precedes it by a lookbehind placed
after it: a pattern that starts with a lookbehind is scanned several times slower.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from . import lexicon
from .extract import Fact, extract
from .layout import reading_view
from .numbers import CN, AR, PLACEHOLDER_MARKS, PLACEHOLDER_NUMBER, parse_number, plain, unit_pattern

_LEX = lexicon.load()
_COUNT_UNITS = [u for u, k in lexicon.unit_kinds().items() if k == "count" and not u.startswith(("万", "亿"))]
_NAME_UNITS = "村镇乡县市区"  # after X's these are redacted names (XX村), not counts

_NOT_LETTER = "A-WYZa-wyz"  # xx万元 is a placeholder, the x of xlsx is not
_X_RUN_RE = re.compile(rf"[{PLACEHOLDER_MARKS}](?<![{_NOT_LETTER}][{PLACEHOLDER_MARKS}])[{PLACEHOLDER_MARKS}]*(?![{_NOT_LETTER}])")
# Matched only at the left end of a run of digits/X's found by _X_RUN_RE (scanning for X first is much faster).
_PLACEHOLDER_RE = re.compile(
    rf"(?P<num>{PLACEHOLDER_NUMBER})[ \u3000]?[余多]?[ \u3000]?(?P<unit>{unit_pattern(named=False)})"
    rf"|(?P<date>[{PLACEHOLDER_MARKS}]+月[0-9０-９]+日|[0-9０-９]+月[{PLACEHOLDER_MARKS}]+日)"
)
_NUMBER_CHARS = frozenset("0123456789０１２３４５６７８９.．")
_NAME_PLACEHOLDER_RE = re.compile(rf"[{PLACEHOLDER_MARKS}](?<![{_NOT_LETTER}][{PLACEHOLDER_MARKS}])[{PLACEHOLDER_MARKS}]+(?:社区|街道|小学|中学|[镇村县市乡区组大])")
_ZERO_AMOUNT_RE = re.compile(r"[0０](?<![0-9０-９.．][0０])(?:[.．]0+)?(?:万元|亿元|元|万)(?![0-9０-９])")
_CLAUSE_MARK = "[，。；、,;:：]"
_CLAUSE_END = f"(?={_CLAUSE_MARK})"
# Each finds a unit whose number was never typed in (the `unit` group starts where the number belongs).
_MISSING_NUMBER_RES = [re.compile(p) for p in (
    # 开展学习共计次 / 疑难纠纷  起 / 队长及队员人
    rf"(?:共计|合计|总计|累计|共有|现有|队员|成员)(?P<unit>{lexicon.alternation(_COUNT_UNITS)}){_CLAUSE_END}",
    rf"[ \u3000](?<=[\u4e00-\u9fff][ \u3000])(?<![人户车架艘台辆批场][ \u3000])[ \u3000]*(?P<unit>{lexicon.alternation(_COUNT_UNITS)}){_CLAUSE_END}",
    # 距县城公里 / 区域面积平方公里
    rf"(?:距[\u4e00-\u9fff]{{1,4}}?|面积|全长|总长)(?P<unit>平方公里|公里|千米|平方米|万亩|亩){_CLAUSE_END}",
    # 下辖个行政村 / ，个村民小组 / 等个民族
    r"(?P<unit>个)(?<=[辖等，,、：:；;]个)(?![人别体性案税])(?=[\u4e00-\u9fff])",
    # 重点帮扶村个： / 后盾单位个，
    rf"(?P<unit>个)(?<=[\u4e00-\u9fff]个)(?<![一二两三四五六七八九十百千万亿这那每各整哪某几半单余多]个){_CLAUSE_END}",
    # 脱贫户户人 (N户N人 with both numbers gone: one for each)
    r"户(?P<unit>户)(?=人)(?<![户家]户户)(?!人人)",
    r"(?<=户户)(?P<unit>人)(?<![户家]户户人)(?!人)",
    # 驻村工作队支，
    rf"队(?P<unit>支){_CLAUSE_END}",
    # 群众万人。 / 比上年增加万亩，/ 粮食总产万吨；
    rf"(?P<unit>万)(?<=[\u4e00-\u9fff]万)(?<![一二两三四五六七八九十百千数上近超余多几亿]万)"
    rf"(?=(?:人次|人|亩|吨|斤|公斤|元|头|只|户|平方米|千瓦时){_CLAUSE_MARK})",
    # “一肩挑”比例实现%
    r"(?P<unit>[%％])(?<=[\u4e00-\u9fff][%％])",
    # 平均单产公斤，/ 比上年增加公斤，
    rf"(?:面积|总产|产量|单产|增加|减少|增长|下降|提高|达到|完成)(?P<unit>公斤|吨|亩|公顷|平方米|公里){_CLAUSE_END}",
)]
# 比2022年的增长52.64%: the figure compared against is missing after 的
_MISSING_BASE_RE = re.compile(r"比(?:[0-9０-９]{4}年|上年|去年)(?:同期)?的(?=增长|下降|减少|提高|增加)")
_DOUBLED_UNIT_RE = re.compile(r"([人年个次户名家件处条项元亩])(?<=[0-9０-９].)\1")
_DOUBLED_WORD_RE = re.compile(r"([\u4e00-\u9fff]{2,3})\1")  # 社区社区, 积极发积极发展
_REDUPLICATED_WORDS = frozenset(["研究研究", "讨论讨论", "商量商量", "学习学习", "检查检查", "看看", "一步一步"])
_DOUBLED_SUFFIX_RE = re.compile(r"([站室所局院率馆的了是在和与及对把被将])\1")
# Plain misspellings (布署, 签定…) are one alternation, found in one scan; the rest keep their own pattern.
_TYPO_WORDS = {t["pattern"]: t["correct"] for t in _LEX["typos"] if re.fullmatch(r"[\u4e00-\u9fff]+", t["pattern"])}
_TYPO_RES = [(re.compile("|".join(sorted(_TYPO_WORDS, key=len, reverse=True))), _TYPO_WORDS.get)] + [
    (re.compile(t["pattern"]), lambda _, fix=t["correct"]: fix) for t in _LEX["typos"] if t["pattern"] not in _TYPO_WORDS]
_ENUMERATION_RE = re.compile(rf"等(?P<num>{AR}|{CN})(?P<unit>个|条|家|村|户|名|所|处|项|座|支)(?![一二三四五六七八九十])")
_ITEMS_BEFORE_RE = re.compile(r"[^，。；：,;:\s“”]+$")
_ENUM_SPLIT = re.compile(r"[、和及与]")
_RATE_SUBJECT = re.compile(r"(?:率|占比|比例)$")
_TOTAL_WORDS = frozenset(["共计", "合计", "总计"])
_SENTENCE_END = "。；;\n"
_SCALE_WORDS = {"万": 10_000, "亿": 100_000_000}
_CLAUSE_MARKS = frozenset("，,。；;：:！!？?\n")


@dataclass(slots=True)
class Defect:
    kind: str
    text: str
    start: int
    end: int
    note: str = ""
    message: str = ""

    def to_dict(self) -> dict:
        return {"type": "defect", "kind": self.kind, "text": self.text, "note": self.note,
                "start": self.start, "end": self.end, "message": self.message}


def proofread(text: str, facts: list[Fact] | None = None) -> list[Defect]:
    """All defects found in `text`, sorted by position.  Spans index `text`."""
    if facts is None:
        facts = extract(text)
    original, text = text, reading_view(text)  # same length: hard-wrapped lines joined up
    defects: list[Defect] = []
    defects += _placeholders(text)
    defects += _missing_numbers(text)
    defects += _duplicates(text)
    defects += _typos(text)
    defects += _transposed_names(text)
    defects += _arithmetic(text, facts)
    defects += _growth_against_base(text, facts)
    defects += _sums(text, facts)
    defects += _enumerations(text)
    defects += _listed_totals(text, facts)
    defects += _parts_over_total(text, facts)
    defects += _inconsistencies(text, facts)
    defects += _implausible(text, facts)
    defects.sort(key=lambda d: (d.start, d.end))
    if text is not original:
        for d in defects:
            d.text = original[d.start:d.end]
    return defects


def _defect(text: str, kind: str, start: int, end: int, note: str, message: str) -> Defect:
    return Defect(kind=kind, text=text[start:end], start=start, end=end, note=note, message=message)


def _fmt(x: float) -> str:
    return f"{plain(round(x, 4))}"


def _placeholders(text: str) -> list[Defect]:
    out: list[Defect] = []
    for m in _placeholder_matches(text):
        if m["num"] is not None:
            if m["unit"][0] in _NAME_UNITS or lexicon.starts_other_word(m["unit"], text[m.end():m.end() + 1]):
                continue  # XX村, XX项目: a redacted name
            digits_after = text[m.end("num"):m.end("num") + 1]
            if len(m["num"]) - len(m["num"].lstrip(PLACEHOLDER_MARKS)) >= 3 and any(c.isdigit() for c in m["num"]):
                continue  # XXXXX98MW: a redacted name followed by a real number
            if digits_after.isdigit():
                continue
        out.append(_defect(text, "placeholder", m.start(), m.end(), "number redacted / never filled in",
                           f"数字被隐去或未填写：“{m.group(0)}”"))
    for m in _ZERO_AMOUNT_RE.finditer(text):
        out.append(_defect(text, "placeholder", m.start(), m.end(), "amount left as 0 / never filled in",
                           f"金额为 0，疑似未填写：“{m.group(0)}”"))
    out.sort(key=lambda d: d.start)
    starts = [d.start for d in out]  # sorted: placeholder matches come in text order
    for m in _NAME_PLACEHOLDER_RE.finditer(text):
        k = bisect.bisect_right(starts, m.start()) - 1
        if k >= 0 and m.start() < out[k].end:
            continue
        out.append(_defect(text, "placeholder_name", m.start(), m.end(), "name redacted",
                           f"名称被隐去：“{m.group(0)}”"))
    return out


def _placeholder_matches(text: str):
    done = -1
    for run in _X_RUN_RE.finditer(text):
        start = run.start()
        if start < done:
            continue
        while start > 0 and text[start - 1] in _NUMBER_CHARS:
            start -= 1
        m = _PLACEHOLDER_RE.match(text, start)
        if m:
            done = m.end()
            yield m


def _missing_numbers(text: str) -> list[Defect]:
    out = []
    gaps: set[int] = set()  # where the number is missing: several patterns may find the same gap
    for regex in _MISSING_NUMBER_RES:
        for m in regex.finditer(text):
            unit = m["unit"]
            if m.start("unit") in gaps:
                continue
            gaps.add(m.start("unit"))
            start, end = _widen(text, m.start(), m.end(), by=2)
            out.append(_defect(text, "missing_number", start, end, f"number missing before {unit}",
                               f"“{unit}”前缺少数字"))
    for m in _MISSING_BASE_RE.finditer(text):
        start, end = _widen(text, m.start(), m.end(), by=6)
        out.append(_defect(text, "missing_number", start, end, "base figure missing after 的",
                           f"“{m.group(0)}”后缺少比较的基数"))
    return out


def _duplicates(text: str) -> list[Defect]:
    out = []
    for m in _DOUBLED_UNIT_RE.finditer(text):
        ch = m.group(1)
        if lexicon.doubling_is_word(ch, text[m.end():m.end() + 1]):
            continue
        start = m.start()
        while start > 0 and text[start - 1].isdigit():
            start -= 1
        out.append(_defect(text, "duplicate_char", start, m.end(), f"unit {ch} doubled", f"单位“{ch}”重复"))
    for m in _DOUBLED_WORD_RE.finditer(text):
        word = m.group(0)
        if word in _REDUPLICATED_WORDS or word[0] == word[1] or any(c in "一二三四五六七八九十每互" for c in word):
            continue
        out.append(_defect(text, "duplicate_char", m.start(), m.end(), f"{m.group(1)} doubled", f"“{m.group(1)}”重复"))
    for m in _DOUBLED_SUFFIX_RE.finditer(text):
        if lexicon.doubling_is_word(m.group(1), text[m.end():m.end() + 1]):
            continue
        out.append(_defect(text, "duplicate_char", max(0, m.start() - 2), m.end() + 2, f"{m.group(1)} doubled",
                           f"“{m.group(1)}”重复"))
    return out


def _typos(text: str) -> list[Defect]:
    out = []
    for regex, correction in _TYPO_RES:
        for m in regex.finditer(text):
            correct = correction(m.group(0))
            start, end = _widen(text, m.start(), m.end())
            out.append(_defect(text, "typo", start, end, f"{m.group(0)} → {correct}",
                               f"疑似错别字：“{m.group(0)}”应为“{correct}”"))
    return out


def _widen(text: str, start: int, end: int, by: int = 4) -> tuple[int, int]:
    """Up to `by` characters of context on each side of text[start:end], never crossing a clause mark."""
    lo = start
    while lo > max(0, start - by) and text[lo - 1] not in _CLAUSE_MARKS:
        lo -= 1
    hi = end
    while hi < min(len(text), end + by) and text[hi] not in _CLAUSE_MARKS:
        hi += 1
    return lo, hi


_PLACE_SUFFIX_RE = re.compile(r"社区|街道")


def _transposed_names(text: str) -> list[Defect]:
    """镇河社区塔 where the report otherwise writes 镇河塔社区: the suffix slipped one character early."""
    seen: dict[str, int] = {}
    slips = []
    for m in _PLACE_SUFFIX_RE.finditer(text):
        p, suffix = m.start(), m.group(0)
        for k in (2, 3):
            name = text[p - k:m.end()] if p >= k else ""
            if _CJK_RUN.fullmatch(name):
                seen[name] = seen.get(name, 0) + 1
        after = text[m.end():m.end() + 1]
        if after and _CJK_RUN.match(after):
            slips.extend((text[p - k:p] + after + suffix, p - k, m.end() + 1) for k in (2, 3) if p >= k)
    out = []
    for right, start, end in slips:
        wrong = text[start:end]
        if seen.get(right, 0) >= 2 and seen.get(right, 0) > seen.get(wrong[:-1], 0) and _CJK_RUN.fullmatch(wrong):
            lo, hi = _widen(text, start, end)
            out.append(_defect(text, "typo", lo, hi, f"{wrong} → {right}",
                               f"疑似错别字：“{wrong}”应为“{right}”（文中其他处均作“{right}”）"))
    return out


_LOOKBACK = 200  # clauses and sentences are searched for this far back at most


def _last_of(text: str, chars: str, pos: int, floor: int = 0) -> int:
    lo = max(floor, pos - _LOOKBACK)
    return max(max(text.rfind(c, lo, pos) for c in chars), lo - 1)


def _sentence_start(text: str, pos: int) -> int:
    return _last_of(text, _SENTENCE_END, pos) + 1


def _tolerance(fact: Fact) -> float:
    return 10.0 ** -fact.decimals + 1e-9


def _arithmetic(text: str, facts: list[Fact]) -> list[Defect]:
    """A rate (调结率90.13%) must equal part/total of the two counts stated just before it."""
    out = []
    used: set[int] = set()
    for i, rate in enumerate(facts):
        if rate.kind != "percent" or not _RATE_SUBJECT.search(rate.subject) or isinstance(rate.value, list):
            continue
        sent = _last_of(text, "。\n", rate.start) + 1  # 受理187件，同比下降12.6%；化解184件，化解率98.6%
        before = []
        for f in reversed(facts[max(0, i - 12):i]):
            if f.start < sent:
                break
            if f.kind not in ("percent", "growth") and not isinstance(f.value, list):
                before.append(f)
        before.reverse()
        pair = None
        for j in range(len(before) - 1, 0, -1):
            for k in range(j - 1, -1, -1):
                if before[k].unit == before[j].unit:
                    pair = (before[k], before[j])
                    break
            if pair:
                break
        if not pair or id(pair[1]) in used:
            continue
        total, part = pair
        used.add(id(part))
        if not total.value or part.value > total.value or part.start - total.end > 24 or rate.start - part.end > 30:
            continue
        if text[part.end:rate.start].lstrip("的").startswith("、"):
            continue  # 再就业16人、就业3人、就业率95%: the rate is a peer in a list, not derived from it
        named = _RATE_SUBJECT.sub("", rate.subject)
        if len(set(named) & set(part.subject + total.subject)) < 2:
            continue  # the rate is about something else
        ratio = 100.0 * part.value / total.value
        tol = _tolerance(rate)
        if abs(ratio - rate.value) <= tol or abs(100.0 - ratio - rate.value) <= tol:
            continue
        if any(f.unit == part.unit and f.value and abs(100.0 * part.value / f.value - rate.value) <= tol
               for f in before if f is not part):
            continue  # 签约10个…履约9个…开工6个，开工率60%: measured against an earlier total
        start = _clause_before(text, total.start, sent)
        out.append(_defect(text, "arithmetic", start, rate.end,
                           f"{_fmt(part.value)}/{_fmt(total.value)} = {ratio:.2f}%, not {_fmt(rate.value)}%",
                           f"{rate.subject}应为 {_fmt(part.value)}/{_fmt(total.value)} = {ratio:.2f}%，文中为 {_fmt(rate.value)}%"))
    return out


def _clause_before(text: str, pos: int, floor: int) -> int:
    return max(_last_of(text, "，,、：:", pos, floor) + 1, floor)


def _sums(text: str, facts: list[Fact]) -> list[Defect]:
    out = []
    for i, total in enumerate(facts):
        if isinstance(total.value, list) or total.kind in ("percent", "growth"):
            continue
        parts = _parts_after_qizhong(text, facts, i) or _parts_before_total(text, facts, i)
        if len(parts) < 2:
            continue
        tol = max(_tolerance(total), max(_tolerance(p) * _scale(p)[1] / _scale(total)[1] for p in parts))
        if any(abs(_sum_in_unit_of(total, parts[:n]) - total.value) <= tol for n in range(2, len(parts))):
            continue  # 80个，其中32个、48个，涉及全县16个: the parts that add up end the breakdown
        s = _sum_in_unit_of(total, parts)
        if abs(s - total.value) <= tol:
            continue
        same = all(p.unit == total.unit for p in parts)
        expr = "+".join(_fmt(p.value) if same else p.text for p in parts)
        start = min(total.start, parts[0].start)
        end = max(total.end, parts[-1].end)
        start = _clause_before(text, start, _sentence_start(text, start))
        out.append(_defect(text, "sum", start, end, f"{expr} = {_fmt(s)}, not {_fmt(total.value)}",
                           f"合计应为 {expr} = {_fmt(s)}{total.unit}，文中为 {_fmt(total.value)}{total.unit}"))
    return out


def _scale(f: Fact) -> tuple[str, float]:
    """The unit a figure counts in and its factor: 1.2亿元 → (元, 1e8), 5000万元 → (元, 1e4), 3万亩 → (亩, 1e4)."""
    unit = f.unit
    if unit[:1] in _SCALE_WORDS:
        base = unit[1:] or ("元" if f.kind == "amount" else "")
        return base, _SCALE_WORDS[unit[0]]
    return unit, 1


def _sum_in_unit_of(total: Fact, parts: list[Fact]) -> float:
    return sum(p.value * _scale(p)[1] for p in parts) / _scale(total)[1]


def _parts_after_qizhong(text: str, facts: list[Fact], i: int) -> list[Fact]:
    """总面积5000平方米，其中加工厂房4000平方米、储存仓库1000平方米."""
    total = facts[i]
    window = text[total.end:total.end + 4]
    if "其中" not in window:
        return []
    parts = []
    for f in facts[i + 1:i + 12]:
        gap = text[(parts[-1].end if parts else total.end):f.start]
        if any(c in gap for c in _SENTENCE_END) or len(gap) > 24 or _scale(f)[0] != _scale(total)[0]:
            break  # 总投资1.2亿元，其中财政资金5000万元: parts may be written in another scale
        if parts and ("(" in gap or "（" in gap):
            break  # a breakdown of the part, not of the total
        parts.append(f)
    if len(parts) >= 2 and _sum_in_unit_of(total, parts) < total.value:
        gaps = [text[a.end:b.start] for a, b in zip(parts, parts[1:])]
        if not all("、" in g and "，" not in g and "," not in g for g in gaps):
            return []  # 其中 may list only some parts; a short 、-list is meant to be complete
    return parts


def _parts_before_total(text: str, facts: list[Fact], i: int) -> list[Fact]:
    """…63.67亩。…28.2亩。共计92.83亩: a bare 共计 sums the same-unit numbers of its paragraph."""
    total = facts[i]
    if total.approx or text[total.start - 2:total.start] not in _TOTAL_WORDS:
        return []
    if total.start - _clause_start(text, total.start) > 8:
        return []
    para = _last_of(text, "\n", total.start) + 1
    parts = []
    for f in reversed(facts[max(0, i - 30):i]):
        if f.start < para or f.unit != total.unit:
            if f.start < para:
                break
            continue
        if text[f.start - 2:f.start] in _TOTAL_WORDS:
            break
        if f.approx:
            return []  # 60余名 … 共计60余名: hedged figures cannot be checked
        parts.append(f)
    return parts[::-1]


def _clause_start(text: str, pos: int) -> int:
    return _last_of(text, "，,。；;：:\n", pos) + 1


def _enumerations(text: str) -> list[Defect]:
    """赵屋、西坑仔、边板和虾沟等1条村庄: four names, counted as one."""
    out = []
    for m in _ENUMERATION_RE.finditer(text):
        listed = _ITEMS_BEFORE_RE.search(text, max(0, m.start() - 60), m.start())
        if not listed:
            continue
        items = [x for x in _ENUM_SPLIT.split(listed.group(0)) if x]
        if len(items) < 2 or any(len(x) > 8 for x in items):
            continue
        n = parse_number(m["num"])
        if n is None or n >= len(items):
            continue
        out.append(_defect(text, "sum", listed.start(), m.end(), f"{len(items)} items listed, count says {plain(n)}",
                           f"列举了 {len(items)} 项，文中数量为 {plain(n)}{m['unit']}"))
    return out


_MEASURED_BY = 4  # a restated quantity repeats at least this many characters right before its number
_COMMON_MEASURE = 6  # a phrase measured more often than this is generic (计划投资, 补助资金), not one quantity
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_CJK_TAIL = re.compile(r"[\u4e00-\u9fff]+$")
_ENTITY_SUFFIX_RE = re.compile(r"项目|基地|中心|公司|合作社|工程|电站|园区|产业园|示范区|农场|市场|景区|学校|医院")
_PARAGRAPH_END = "。\n"
_LIST_ITEM_RE = re.compile(r"[ \u3000]*(?:[0-9０-９]+[．.、]|[（(][0-9０-９一二三四五六七八九十]+[)）])")
_GENERIC_NAME = frozenset(["建设", "重点", "示范", "产业", "服务", "综合", "民生", "招商", "新建", "在建", "续建", "各类", "相关",
                           "签约", "履约", "开工", "新开工", "储备", "合作", "投资", "引进"])
_RARE_NAME = 5  # a name mentioned more often than this is the report's general topic, not one statement's


def _inconsistencies(text: str, facts: list[Fact]) -> list[Defect]:
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
            key = _common_words(head_a, head_b)
            for here, there in ((a, b), (b, a)):
                start = _clause_before(text, here.start, _sentence_start(text, here.start))
                out.append(_defect(text, "inconsistent", start, here.end,
                                   f"{entity}: {key} is {here.text} here but {there.text} elsewhere",
                                   f"同一数量前后不一致：{entity}的“{key}”此处为{here.text}，"
                                   f"第{text.count(chr(10), 0, there.start) + 1}行为{there.text}"))
    return out


def _measured_words(text: str, f: Fact) -> str:
    """The run of Chinese characters right before the number (结成导师帮带师徒 in 结成导师帮带师徒13对)."""
    m = _CJK_TAIL.search(text, max(0, f.start - 12), f.start)
    return m.group(0) if m else ""


def _common_words(a: str, b: str) -> str:
    """The longest run of characters the two phrases share (已完成土地流转)."""
    best = ""
    for i in range(len(a)):
        j = i + len(best) + 1
        while j <= len(a) and a[i:j] in b:
            best, j = a[i:j], j + 1
    return best


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
    lo = _last_of(text, _PARAGRAPH_END, pos) + 1
    ends = [i for i in (text.find(c, pos, pos + _LOOKBACK) for c in _PARAGRAPH_END) if i >= 0]
    return lo, min(ends) if ends else min(len(text), pos + _LOOKBACK)


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
            if not _CJK_RUN.fullmatch(name) or name not in sb or name[:-len(m.group(0))] in _GENERIC_NAME:
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
    return 1 < len(lines) <= 30 and all(_LIST_ITEM_RE.match(line) for line in lines)


_INVESTMENT_CUE = re.compile(r"(?:总投资|计划投资|投资)额?(?:约|达|为|近)?$")


def _is_investment(text: str, f: Fact) -> bool:
    return f.kind == "amount" and _scale(f)[0] == "元" and not f.approx and bool(_INVESTMENT_CUE.search(text, max(0, f.start - 8), f.start))


def _listed_totals(text: str, facts: list[Fact]) -> list[Defect]:
    """实施重点项目8个，总投资6.85亿元。 then the 8 numbered items, each with its 计划投资: they must add up."""
    out = []
    starts = [f.start for f in facts]
    for i, total in enumerate(facts[1:], start=1):
        count = facts[i - 1]
        if count.kind != "count" or isinstance(count.value, list) or not _is_investment(text, total):
            continue
        if text[count.end:total.start].strip("，, ") not in ("总投资", "计划总投资", "计划投资"):
            continue
        line_end = text.find("\n", total.end)
        if line_end < 0 or line_end - total.end > 4:
            continue
        items = _list_lines(text, line_end + 1, int(count.value) + 1)
        if len(items) != count.value or not items:
            continue
        parts = []
        for lo, hi in items:
            k = bisect.bisect_left(starts, lo)
            while k < len(facts) and facts[k].start < hi and not _is_investment(text, facts[k]):
                k += 1
            if k == len(facts) or facts[k].start >= hi:
                break
            parts.append(facts[k])
        else:
            s = _sum_in_unit_of(total, parts)
            if abs(s - total.value) <= _tolerance(total):
                continue
            expr = "+".join(p.text for p in parts)
            start = _clause_before(text, count.start, _sentence_start(text, count.start))
            out.append(_defect(text, "sum", start, total.end, f"{expr} = {_fmt(s)}{total.unit}, not {total.text}",
                               f"所列{len(parts)}项投资合计 {expr} = {_fmt(s)}{total.unit}，文中为 {total.text}"))
    return out


def _list_lines(text: str, pos: int, limit: int) -> list[tuple[int, int]]:
    """The spans of the numbered lines (1．… 2．…) starting at `pos`, at most `limit` of them."""
    lines = []
    while pos < len(text) and len(lines) < limit and _LIST_ITEM_RE.match(text, pos):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        lines.append((pos, end))
        pos = end + 1
    return lines


_ALL_KINDS_CUE = re.compile(r"各式各类|各类|各项|各种")


def _parts_over_total(text: str, facts: list[Fact]) -> list[Defect]:
    """各类培训271人，妇联家政培训55人，脱贫劳动力培训231人: the kinds of training add up to more than all of it."""
    out = []
    for i, total in enumerate(facts):
        cue = _ALL_KINDS_CUE.search(total.subject)
        if not cue or total.approx or isinstance(total.value, list) or total.kind in ("percent", "growth"):
            continue
        core = _RATE_SUBJECT.sub("", total.subject[cue.end():])
        parts = []
        for f in facts[i + 1:i + 8]:
            if any(c in text[total.end:f.start] for c in _SENTENCE_END):
                break
            if f.unit == total.unit and not isinstance(f.value, list) and len(_common_words(core, f.subject)) >= 2:
                parts.append(f)
        if len(parts) < 2:
            continue
        s = sum(p.value for p in parts)
        if s <= total.value + _tolerance(total):
            continue
        expr = "+".join(_fmt(p.value) for p in parts)
        start = _clause_before(text, total.start, _sentence_start(text, total.start))
        out.append(_defect(text, "sum", start, parts[-1].end, f"parts {expr} = {_fmt(s)} exceed the total {total.text}",
                           f"分项之和 {expr} = {_fmt(s)}{total.unit}，超过总数 {total.text}"))
    return out


_BASE_CUE = re.compile(r"[，,、 ]?(?:比|较|与)")  # …14.47亿元，比2022年的8.22亿元 (not 同比…减少1人)


def _growth_against_base(text: str, facts: list[Fact]) -> list[Defect]:
    """出口交货值14.47亿元，比2022年的8.22亿元，增长76.4%: the stated growth must be (14.47−8.22)/8.22."""
    out = []
    for i, growth in enumerate(facts[2:], start=2):
        if growth.kind != "growth" or growth.unit != "%" or isinstance(growth.value, list):
            continue
        now, base = facts[i - 2], facts[i - 1]
        if (now.unit != base.unit or now.kind == "growth" or base.kind == "growth" or now.approx or base.approx
                or isinstance(now.value, list) or isinstance(base.value, list) or not base.value):
            continue
        between, after = text[now.end:base.start], text[base.end:growth.start]
        if not _BASE_CUE.match(between) or len(between) > 16 or len(after) > 6 or any(c in between + after for c in _SENTENCE_END):
            continue
        ratio = now.value / base.value
        rate = 100.0 * (ratio - 1)
        # the two amounts are rounded too: carry their half-unit errors into the rate
        slack = 100.0 * ratio * (0.5 * 10.0 ** -now.decimals / now.value + 0.5 * 10.0 ** -base.decimals / base.value)
        if abs(rate - growth.value) <= _tolerance(growth) + slack:
            continue
        start = _clause_before(text, now.start, _sentence_start(text, now.start))
        working = f"({_fmt(now.value)}−{_fmt(base.value)})/{_fmt(base.value)} = {rate:.2f}%"
        out.append(_defect(text, "arithmetic", start, growth.end, f"{working}, not {_fmt(growth.value)}%",
                           f"增幅应为 {working}，文中为 {_fmt(growth.value)}%"))
    return out


# 202223年度: a year with digits to spare (a conversion artefact)
_GARBLED_YEAR_RE = re.compile(r"(?:19|20)[0-9]{4,}(?=年)")
# Shares of a whole (办结率, 满意率…) cannot pass 100%; 完成率 and 增长率 can
_SHARE_RATE = re.compile(r"(?:办结|办复|结案|调解成功|调处|化解|满意|覆盖|参保|合格|达标|整改|知晓|受理|破案|入园|入学|接种|签约|到位)率$")
# A date written with 年 before its month or 日 after it (2023年2023月16日, 3月35日); found from its 月
_MONTH_HEAD = re.compile(r"(?:(?P<year>[0-9]{4})年)?(?P<month>[0-9]{1,4})$")
_DAY_TAIL = re.compile(r"(?P<day>[0-9]{1,3})日")


def _implausible(text: str, facts: list[Fact]) -> list[Defect]:
    """Figures that cannot be right as written: impossible dates and years, yuan to four decimals (kind `other`),
    a share of a whole above 100% (kind `arithmetic`, as the scorer files a rate that disagrees with its counts)."""
    out = []
    pos = text.find("月")
    while pos >= 0:
        head = _MONTH_HEAD.search(text, max(0, pos - 9), pos)
        day = _DAY_TAIL.match(text, pos + 1)
        if head and (head["year"] or day) and not text[head.start() - 1:head.start()].isdigit():
            if not (1 <= int(head["month"]) <= 12 and (not day or 1 <= int(day["day"]) <= 31)):
                end = day.end() if day else pos + 1  # 18月 alone may be a sloppy 18个月: needs 年 or 日
                lo, hi = _widen(text, head.start(), end, by=2)
                out.append(_defect(text, "other", lo, hi, "impossible date", f"日期不存在：“{text[head.start():end]}”"))
        pos = text.find("月", pos + 1)
    for m in _GARBLED_YEAR_RE.finditer(text):
        if text[m.start() - 1:m.start()].isdigit():
            continue
        lo, hi = _widen(text, m.start(), m.end() + 1, by=2)
        out.append(_defect(text, "other", lo, hi, "garbled year", f"年份有误：“{m.group(0)}年”"))
    for f in facts:
        if f.kind == "percent" and f.unit == "%" and not isinstance(f.value, list) and f.value > 100 \
                and _SHARE_RATE.search(f.subject):
            lo, hi = _widen(text, f.start, f.end)
            out.append(_defect(text, "arithmetic", lo, hi, f"{f.subject} cannot exceed 100%",
                               f"{f.subject}是部分占全部的比例，不可能超过100%，文中为{f.text}"))
        if f.unit == "元" and f.decimals >= 3:
            start, end = _widen(text, f.start, f.end)
            out.append(_defect(text, "other", start, end, "yuan with more than two decimals (万元?)",
                               f"“{f.text}”精确到{f.decimals}位小数，元以下只有角、分，疑为“万元”"))
    return out
