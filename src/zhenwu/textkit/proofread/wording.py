"""Rules on the wording: numbers redacted or never typed in, doubled characters, misspellings, transposed names."""

from __future__ import annotations

import bisect
import re

from .. import lexicon
from ..numbers import PLACEHOLDER_MARKS, PLACEHOLDER_NUMBER, unit_pattern
from .base import CJK_RUN, Defect, defect, widen

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
_NAME_PLACEHOLDER_RE = re.compile(rf"[{PLACEHOLDER_MARKS}](?<![{_NOT_LETTER}{PLACEHOLDER_MARKS}][{PLACEHOLDER_MARKS}])[{PLACEHOLDER_MARKS}]++(?:社区|街道|小学|中学|[镇村县市乡区组大])")
_ZERO_AMOUNT_RE = re.compile(r"[0０](?<![0-9０-９.．][0０])(?:[.．]0+)?(?:万元|亿元|元|万)(?![0-9０-９])")
_CLAUSE_MARK = "[，。；、,;:：（(]"
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
_PLACE_SUFFIX_RE = re.compile(r"社区|街道")


def placeholders(text: str) -> list[Defect]:
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
        out.append(defect(text, "placeholder", m.start(), m.end(), "number redacted / never filled in",
                           f"数字被隐去或未填写：“{m.group(0)}”"))
    for m in _ZERO_AMOUNT_RE.finditer(text):
        out.append(defect(text, "placeholder", m.start(), m.end(), "amount left as 0 / never filled in",
                           f"金额为 0，疑似未填写：“{m.group(0)}”"))
    out.sort(key=lambda d: d.start)
    starts = [d.start for d in out]  # sorted: placeholder matches come in text order
    for m in _NAME_PLACEHOLDER_RE.finditer(text):
        k = bisect.bisect_right(starts, m.start()) - 1
        if k >= 0 and m.start() < out[k].end:
            continue
        out.append(defect(text, "placeholder_name", m.start(), m.end(), "name redacted",
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


def missing_numbers(text: str) -> list[Defect]:
    out = []
    gaps: set[int] = set()  # where the number is missing: several patterns may find the same gap
    for regex in _MISSING_NUMBER_RES:
        for m in regex.finditer(text):
            unit = m["unit"]
            if m.start("unit") in gaps:
                continue
            gaps.add(m.start("unit"))
            start, end = widen(text, m.start(), m.end(), by=2)
            out.append(defect(text, "missing_number", start, end, f"number missing before {unit}",
                               f"“{unit}”前缺少数字"))
    for m in _MISSING_BASE_RE.finditer(text):
        start, end = widen(text, m.start(), m.end(), by=6)
        out.append(defect(text, "missing_number", start, end, "base figure missing after 的",
                           f"“{m.group(0)}”后缺少比较的基数"))
    return out


def duplicates(text: str) -> list[Defect]:
    out = []
    for m in _DOUBLED_UNIT_RE.finditer(text):
        ch = m.group(1)
        if lexicon.doubling_is_word(ch, text[m.end():m.end() + 1]):
            continue
        start = m.start()
        while start > 0 and text[start - 1].isdigit():
            start -= 1
        out.append(defect(text, "duplicate_char", start, m.end(), f"unit {ch} doubled", f"单位“{ch}”重复"))
    for m in _DOUBLED_WORD_RE.finditer(text):
        word = m.group(0)
        if word in _REDUPLICATED_WORDS or word[0] == word[1] or any(c in "一二三四五六七八九十每互" for c in word):
            continue
        out.append(defect(text, "duplicate_char", m.start(), m.end(), f"{m.group(1)} doubled", f"“{m.group(1)}”重复"))
    for m in _DOUBLED_SUFFIX_RE.finditer(text):
        if lexicon.doubling_is_word(m.group(1), text[m.end():m.end() + 1]):
            continue
        out.append(defect(text, "duplicate_char", max(0, m.start() - 2), m.end() + 2, f"{m.group(1)} doubled",
                           f"“{m.group(1)}”重复"))
    return out


def typos(text: str) -> list[Defect]:
    out = []
    for regex, correction in _TYPO_RES:
        for m in regex.finditer(text):
            correct = correction(m.group(0))
            start, end = widen(text, m.start(), m.end())
            out.append(defect(text, "typo", start, end, f"{m.group(0)} → {correct}",
                               f"疑似错别字：“{m.group(0)}”应为“{correct}”"))
    return out


def transposed_names(text: str) -> list[Defect]:
    """镇河社区塔 where the report otherwise writes 镇河塔社区: the suffix slipped one character early."""
    seen: dict[str, int] = {}
    slips = []
    for m in _PLACE_SUFFIX_RE.finditer(text):
        p, suffix = m.start(), m.group(0)
        for k in (2, 3):
            name = text[p - k:m.end()] if p >= k else ""
            if CJK_RUN.fullmatch(name):
                seen[name] = seen.get(name, 0) + 1
        after = text[m.end():m.end() + 1]
        if after and CJK_RUN.match(after):
            slips.extend((text[p - k:p] + after + suffix, p - k, m.end() + 1) for k in (2, 3) if p >= k)
    out = []
    for right, start, end in slips:
        wrong = text[start:end]
        if seen.get(right, 0) >= 2 and seen.get(right, 0) > seen.get(wrong[:-1], 0) and CJK_RUN.fullmatch(wrong):
            lo, hi = widen(text, start, end)
            out.append(defect(text, "typo", lo, hi, f"{wrong} → {right}",
                               f"疑似错别字：“{wrong}”应为“{right}”（文中其他处均作“{right}”）"))
    return out
