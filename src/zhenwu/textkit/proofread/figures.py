"""Rules on the figures: rates and growth against their counts, totals against their parts, impossible values."""

from __future__ import annotations

import bisect
import re

from ..extract import Fact
from ..numbers import AR, CN, parse_number, plain
from .base import (LIST_ITEM_RE, SENTENCE_END, Defect, clause_before, clause_start, common_words, defect, fmt, last_of,
                   scale, sentence_start, sum_in_unit_of, tolerance, widen)

_RATE_SUBJECT = re.compile(r"(?:率|占比|比例)$")
_TOTAL_WORDS = frozenset(["共计", "合计", "总计"])
_ENUMERATION_RE = re.compile(rf"等(?P<num>{AR}|{CN})(?P<unit>个|条|家|村|户|名|所|处|项|座|支)(?![一二三四五六七八九十])")
_ITEMS_BEFORE_RE = re.compile(r"[^，。；：,;:\s“”]+$")
_ENUM_SPLIT = re.compile(r"[、和及与]")
_INVESTMENT_CUE = re.compile(r"(?:总投资|计划投资|投资)额?(?:约|达|为|近)?$")
_ALL_KINDS_CUE = re.compile(r"各式各类|各类|各项|各种")
_CHANGE_BEFORE = re.compile(r"(?:增加|减少|增长|下降|提高|降低|增|减|多|少)了?[ \u3000]*$")
_BASE_CUE = re.compile(r"[，,、 ]?(?:比|较|与)")  # …14.47亿元，比2022年的8.22亿元 (not 同比…减少1人)
# 202223年度: a year with digits to spare (a conversion artefact)
_GARBLED_YEAR_RE = re.compile(r"(?:19|20)[0-9]{4,}(?=年)")
# "完成年度计划92.13。": a completion against a plan is a percentage; a bare number ending the clause lost its sign
_BARE_COMPLETION_RE = re.compile(r"完成(?:了)?(?:全年|年度|全年度|年初)?(?:目标任务|计划|任务|目标|预算)的?"
                                 r"([0-9]{1,3}(?:\.[0-9]+)?)(?=[。，；,;])")
# Shares of a whole (办结率, 满意率…) cannot pass 100%; 完成率 and 增长率 can
_SHARE_RATE = re.compile(r"(?:办结|办复|结案|调解成功|调处|化解|满意|覆盖|参保|合格|达标|整改|知晓|受理|破案|入园|入学|接种|签约|到位)率$")
# A date written with 年 before its month or 日 after it (2023年2023月16日, 3月35日); found from its 月
_MONTH_HEAD = re.compile(r"(?:(?P<year>[0-9]{4})年)?(?P<month>[0-9]{1,4})$")
_DAY_TAIL = re.compile(r"(?P<day>[0-9]{1,3})日")


def arithmetic(text: str, facts: list[Fact]) -> list[Defect]:
    """A rate (调结率90.13%) must equal part/total of the two counts stated just before it."""
    out = []
    used: set[int] = set()
    for i, rate in enumerate(facts):
        if rate.kind != "percent" or not _RATE_SUBJECT.search(rate.subject) or isinstance(rate.value, list):
            continue
        sent = last_of(text, "。\n", rate.start) + 1  # 受理187件，同比下降12.6%；化解184件，化解率98.6%
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
        if rate.subject.endswith(("占比", "比重")) and part.start < clause_start(text, rate.start) \
                and len(common_words(named, part.subject)) < 3:
            continue  # …泛半导体产业产值36亿元，战略新兴产业增加值占比达25%: a share of a part not written
        ratio = 100.0 * part.value / total.value
        tol = tolerance(rate)
        if abs(ratio - rate.value) <= tol or abs(100.0 - ratio - rate.value) <= tol:
            continue
        if any(f.unit == part.unit and f.value and abs(100.0 * part.value / f.value - rate.value) <= tol
               for f in before if f is not part):
            continue  # 签约10个…履约9个…开工6个，开工率60%: measured against an earlier total
        start = clause_before(text, total.start, sent)
        out.append(defect(text, "arithmetic", start, rate.end,
                           f"{fmt(part.value)}/{fmt(total.value)} = {ratio:.2f}%, not {fmt(rate.value)}%",
                           f"{rate.subject}应为 {fmt(part.value)}/{fmt(total.value)} = {ratio:.2f}%，文中为 {fmt(rate.value)}%"))
    return out


def growth_against_base(text: str, facts: list[Fact]) -> list[Defect]:
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
        if not _BASE_CUE.match(between) or len(between) > 16 or len(after) > 6 or any(c in between + after for c in SENTENCE_END):
            continue
        if _CHANGE_BEFORE.search(between):
            continue  # 比计划总产增4.6万公斤，增0.18%: the second figure is the change, not the base
        ratio = now.value / base.value
        rate = 100.0 * (ratio - 1)
        # the two amounts are rounded too: carry their half-unit errors into the rate
        slack = 100.0 * ratio * (0.5 * 10.0 ** -now.decimals / now.value + 0.5 * 10.0 ** -base.decimals / base.value)
        if abs(rate - growth.value) <= tolerance(growth) + slack:
            continue
        start = clause_before(text, now.start, sentence_start(text, now.start))
        working = f"({fmt(now.value)}−{fmt(base.value)})/{fmt(base.value)} = {rate:.2f}%"
        out.append(defect(text, "arithmetic", start, growth.end, f"{working}, not {fmt(growth.value)}%",
                           f"增幅应为 {working}，文中为 {fmt(growth.value)}%"))
    return out


def sums(text: str, facts: list[Fact]) -> list[Defect]:
    out = []
    for i, total in enumerate(facts):
        if isinstance(total.value, list) or total.kind in ("percent", "growth"):
            continue
        parts = _parts_after_qizhong(text, facts, i) or _parts_before_total(text, facts, i)
        if len(parts) < 2:
            continue
        tol = max(tolerance(total), max(tolerance(p) * scale(p)[1] / scale(total)[1] for p in parts))
        if any(abs(sum_in_unit_of(total, parts[:n]) - total.value) <= tol for n in range(2, len(parts))):
            continue  # 80个，其中32个、48个，涉及全县16个: the parts that add up end the breakdown
        whole = sum_in_unit_of(total, parts)
        if any(sum_in_unit_of(total, parts[:n]) <= total.value + tol
               and any(sum_in_unit_of(p, parts[n:]) <= p.value + tol for p in parts[:n]) and len(parts) - n >= 2
               and whole - total.value >= 0.5 * sum_in_unit_of(total, parts[n:])  # mostly counted twice
               for n in range(2, len(parts) - 1)):
            continue  # 工单12683件，其中办结8846件、不予受理867件、满意6197件、基本满意237件…: a part broken down again
        s = sum_in_unit_of(total, parts)
        if abs(s - total.value) <= tol:
            continue
        if all(sum_in_unit_of(total, [p]) >= 0.75 * total.value for p in parts[:2]):
            continue  # 劳动力8562人，其中劳动年龄内6661人，从业人员7116人…: measures of one population, not parts
        same = all(p.unit == total.unit for p in parts)
        expr = "+".join(fmt(p.value) if same else p.text for p in parts)
        start = min(total.start, parts[0].start)
        end = max(total.end, parts[-1].end)
        start = clause_before(text, start, sentence_start(text, start))
        out.append(defect(text, "sum", start, end, f"{expr} = {fmt(s)}, not {fmt(total.value)}",
                           f"合计应为 {expr} = {fmt(s)}{total.unit}，文中为 {fmt(total.value)}{total.unit}"))
    return out


def _parts_after_qizhong(text: str, facts: list[Fact], i: int) -> list[Fact]:
    """总面积5000平方米，其中加工厂房4000平方米、储存仓库1000平方米."""
    total = facts[i]
    window = text[total.end:total.end + 4]
    companion = None  # 新增监测对象7户22人（其中…6户19人，…1户3人）: each half of a compound figure has its parts
    if "其中" not in window and i + 1 < len(facts) and facts[i + 1].start == total.end \
            and scale(facts[i + 1])[0] != scale(total)[0]:
        companion = facts[i + 1]
        window = text[companion.end:companion.end + 4]
    elif i > 0 and facts[i - 1].end == total.start and scale(facts[i - 1])[0] != scale(total)[0]:
        companion = facts[i - 1]
    if "其中" not in window:
        return []
    bracketed = any(c in window[:window.find("其中")] for c in "（(")  # 27155亩（其中吃粮的22333亩），种草18600亩
    parts = []
    for f in facts[i + 1:i + 12]:
        if f is companion or (companion and scale(f)[0] == scale(companion)[0]):
            continue
        gap = text[(parts[-1].end if parts else (companion or total).end):f.start]
        if companion:
            gap = re.sub(r"[0-9０-９.．]+(?:户|人|名)", "", gap)  # the other halves of compound parts
            if "）" in gap or ")" in gap:
                break
        if any(c in gap for c in SENTENCE_END) or len(gap) > 24 or scale(f)[0] != scale(total)[0]:
            break  # 总投资1.2亿元，其中财政资金5000万元: parts may be written in another scale
        if parts and ("(" in gap or "（" in gap):
            break  # a breakdown of the part, not of the total
        if bracketed and ("）" in gap or ")" in gap):
            break
        parts.append(f)
    if len(parts) >= 2 and sum_in_unit_of(total, parts) < total.value:
        gaps = [text[a.end:b.start] for a, b in zip(parts, parts[1:])]
        if not all("、" in g and "，" not in g and "," not in g for g in gaps):
            return []  # 其中 may list only some parts; a short 、-list is meant to be complete
    return parts


def _parts_before_total(text: str, facts: list[Fact], i: int) -> list[Fact]:
    """…63.67亩。…28.2亩。共计92.83亩: a bare 共计 sums the same-unit numbers of its paragraph."""
    total = facts[i]
    if "计" not in text[max(0, total.start - 10):total.start]:
        return []  # every total word ends in 计: a cheap test first
    cue = max(text.rfind(w, max(0, total.start - 10), total.start) for w in _TOTAL_WORDS)
    if total.approx or cue < 0 or any(c in text[cue:total.start] for c in "，,。；;、：:0123456789"):
        return []  # 共计98.21亩 / 共计整改面积98.21亩
    if total.start - clause_start(text, total.start) > 8:
        return []
    para = last_of(text, "\n", total.start) + 1
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


def enumerations(text: str) -> list[Defect]:
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
        out.append(defect(text, "sum", listed.start(), m.end(), f"{len(items)} items listed, count says {plain(n)}",
                           f"列举了 {len(items)} 项，文中数量为 {plain(n)}{m['unit']}"))
    return out


def _is_investment(text: str, f: Fact) -> bool:
    return f.kind == "amount" and scale(f)[0] == "元" and not f.approx and bool(_INVESTMENT_CUE.search(text, max(0, f.start - 8), f.start))


def listed_totals(text: str, facts: list[Fact]) -> list[Defect]:
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
            s = sum_in_unit_of(total, parts)
            if abs(s - total.value) <= tolerance(total):
                continue
            expr = "+".join(p.text for p in parts)
            start = clause_before(text, count.start, sentence_start(text, count.start))
            out.append(defect(text, "sum", start, total.end, f"{expr} = {fmt(s)}{total.unit}, not {total.text}",
                               f"所列{len(parts)}项投资合计 {expr} = {fmt(s)}{total.unit}，文中为 {total.text}"))
    return out


def _list_lines(text: str, pos: int, limit: int) -> list[tuple[int, int]]:
    """The spans of the numbered lines (1．… 2．…) starting at `pos`, at most `limit` of them."""
    lines = []
    while pos < len(text) and len(lines) < limit and LIST_ITEM_RE.match(text, pos):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        lines.append((pos, end))
        pos = end + 1
    return lines


_GENERIC_HEAD = re.compile(r"(?:活动|工作|项目|服务|事项)$")


def parts_over_total(text: str, facts: list[Fact]) -> list[Defect]:
    """各类培训271人，妇联家政培训55人，脱贫劳动力培训231人: the kinds of training add up to more than all of it."""
    out = []
    for i, total in enumerate(facts):
        cue = _ALL_KINDS_CUE.search(total.subject)
        if not cue or total.approx or isinstance(total.value, list) or total.kind in ("percent", "growth"):
            continue
        core = _RATE_SUBJECT.sub("", total.subject[cue.end():])
        if len(_GENERIC_HEAD.sub("", core)) >= 2:
            core = _GENERIC_HEAD.sub("", core)  # 各类培训活动9场 …讲座活动11场: a lecture is no kind of training
        parts = []
        for f in facts[i + 1:i + 8]:
            if any(c in text[total.end:f.start] for c in SENTENCE_END):
                break
            if f.unit == total.unit and not isinstance(f.value, list) and len(common_words(core, f.subject)) >= 2:
                parts.append(f)
        if len(parts) < 2:
            continue
        s = sum(p.value for p in parts)
        if s <= total.value + tolerance(total):
            continue
        expr = "+".join(fmt(p.value) for p in parts)
        start = clause_before(text, total.start, sentence_start(text, total.start))
        out.append(defect(text, "sum", start, parts[-1].end, f"parts {expr} = {fmt(s)} exceed the total {total.text}",
                           f"分项之和 {expr} = {fmt(s)}{total.unit}，超过总数 {total.text}"))
    return out


def implausible(text: str, facts: list[Fact]) -> list[Defect]:
    """Figures that cannot be right as written: impossible dates and years, yuan to four decimals, a completion
    without its percent sign (kind `other`),
    a share of a whole above 100% (kind `arithmetic`, as the scorer files a rate that disagrees with its counts)."""
    out = []
    pos = text.find("月")
    while pos >= 0:
        head = _MONTH_HEAD.search(text, max(0, pos - 9), pos)
        day = _DAY_TAIL.match(text, pos + 1)
        if head and (head["year"] or day) and not text[head.start() - 1:head.start()].isdigit():
            if not (1 <= int(head["month"]) <= 12 and (not day or 1 <= int(day["day"]) <= 31)):
                end = day.end() if day else pos + 1  # 18月 alone may be a sloppy 18个月: needs 年 or 日
                lo, hi = widen(text, head.start(), end, by=2)
                out.append(defect(text, "other", lo, hi, "impossible date", f"日期不存在：“{text[head.start():end]}”"))
        pos = text.find("月", pos + 1)
    for m in _GARBLED_YEAR_RE.finditer(text):
        if text[m.start() - 1:m.start()].isdigit():
            continue
        lo, hi = widen(text, m.start(), m.end() + 1, by=2)
        out.append(defect(text, "other", lo, hi, "garbled year", f"年份有误：“{m.group(0)}年”"))
    for m in _BARE_COMPLETION_RE.finditer(text):
        out.append(defect(text, "other", m.start(), m.end(), "completion without %",
                          f"“{m.group(0)}”是完成比例，缺少百分号（应为{m.group(1)}%）"))
    for f in facts:
        if f.kind == "percent" and f.unit == "%" and not isinstance(f.value, list) and f.value > 100 \
                and _SHARE_RATE.search(f.subject):
            lo, hi = widen(text, f.start, f.end)
            out.append(defect(text, "arithmetic", lo, hi, f"{f.subject} cannot exceed 100%",
                               f"{f.subject}是部分占全部的比例，不可能超过100%，文中为{f.text}"))
        if f.unit == "元" and f.decimals >= 3:
            start, end = widen(text, f.start, f.end)
            out.append(defect(text, "other", start, end, "yuan with more than two decimals (万元?)",
                               f"“{f.text}”精确到{f.decimals}位小数，元以下只有角、分，疑为“万元”"))
    return out
