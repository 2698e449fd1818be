"""Numeric relations a reader can check, in general form (kind `arithmetic`, with a `family`).

share       part / whole            女党员251名，占29.6%  (the whole earlier in the sentence or paragraph)
completion  actual / target         年度任务420万元，实际完成465万元，完成年度任务的105.2%
average     total / count           开展培训12期，培训1044人次，期均97人次
yield       output / area           种植面积2.6万亩，总产1150万公斤，平均亩产420公斤
difference  B − A                   由上年的8.62亿元增加到9.47亿元，增加0.95亿元
structure   a + b + c = 100         三次产业结构调整为9.1∶40.7∶51.2

Every stated figure carries the rounding its decimals allow, in both directions (a clerk may round half up,
down or up), and so do the inputs: a figure is flagged only when no rounding of the inputs can give it.
A relation that cannot be decided (hedged figures, no clear whole, several candidates of which one fits)
stays silent.
"""

from __future__ import annotations

import re
from itertools import permutations

from ..extract import Fact
from ..numbers import AR
from .base import Defect, clause_start, common_words, defect, fmt, last_of, scale, sentence_start

_PEOPLE = {"名": "人", "位": "人", "口人": "人"}
_WEIGHT_KG = {"公斤": 1.0, "千克": 1.0, "kg": 1.0, "斤": 0.5, "吨": 1000.0, "克": 0.001}
_AREA_MU = {"亩": 1.0, "公顷": 15.0}
_PARA_BACK = 300  # how far back in a paragraph a whole is looked for

_SHARE_HINTS = ("占", "率", "比", "份额", "完成", "分别", "、")
_SHARE_CUE = re.compile(r"占(?!地|用|道|压|有)|比重|占比|比例|份额")
_RATE_NAME = re.compile(r"率$")
_NOT_SHARE_RATE = re.compile(r"增长率|增速|下降率|贡献率|出生率|死亡率|发生率|发病率|失业率|利率|税率|费率|"
                             r"周转率|负债率|回报率|收益率|转化率|容积率|绿地率|密度|人均|户均|亩均|平均|完成率|执行率")
_COMPLETION_CUE = re.compile(r"完成[^，。；;\n]{0,12}(?:任务|目标|计划|预算|指标)[^，。；;\n]{0,4}的|(?:完成率|执行率)"
                             r"|占(?:年度|全年|下达)?(?:任务|目标|计划)数?的")
_RATE_WORD_BEFORE = re.compile(r"(?:完成率|执行率)(?:为|是|达到?)?[ \u3000]*$")
_TARGET_WORD = re.compile(r"任务|目标|计划|预算|指标")
_DONE_WORD = re.compile(r"完成|实现|执行|达到|累计")
_AVERAGE_CUE = re.compile(r"(人均|户均|亩均|场均|村均|期均|次均|班均|校均|平均每?(?:人|户|亩|场|村|期|个|次|班|天)?|每(?:人|户|亩|场|村|期|个村|班)平均|亩产|单产)[^，。；;\n]{0,8}$")
_AVERAGE_DENOMINATOR = {"人": ("人", "人次"), "户": ("户",), "亩": ("亩",), "场": ("场", "场次"), "村": ("村", "个"),
                        "期": ("期",), "次": ("次", "场次"), "班": ("班", "个"), "校": ("所", "个"), "天": ("天",)}
_DIFF_CHARS = "增减多少提降"
_DIFF_SET = frozenset(_DIFF_CHARS)
_DIFF_TO = re.compile(r"(?:增加|增长|提高|提升|上升|扩大|减少|下降|降低|缩小|减|增|降|升)(?:到|至)了?[ \u3000]*$")
_DIFF_STATED = re.compile(r"^[，,、 ]*(?:同比|比上年|较上年)?(?P<dir>净增加?|净减少?|增加了?|减少了?|增长了?|提高了?|下降了?|降低了?|多|少|增|减)"
                          r"(?:了|约|近)?[ \u3000]*$")
_DIFF_BASE = re.compile(r"^[，,、 ]*(?:比|较)(?:[0-9]{4}年|上年|去年|上年同期|去年同期|上一年)(?:同期)?的?[ \u3000]*$")
_STRUCTURE_RE = re.compile(rf"(?P<a>{AR})(?:[ \u3000]?[∶:：][ \u3000]?{AR}){{2,}}")
_RATIO_MARK = re.compile(r"[∶:：](?<=[0-9０-９][∶:：])")
_STRUCTURE_CUE = re.compile(r"结构|构成|比重|占比|比例")


def base_unit(f: Fact) -> tuple[str, float]:
    """The unit a figure is counted in and its factor to that unit: 1.2亿元 → (元, 1e8), 986名 → (人, 1)."""
    unit, factor = scale(f)
    unit = _PEOPLE.get(unit, unit)
    if unit in _WEIGHT_KG:
        return "公斤", factor * _WEIGHT_KG[unit]
    if unit in _AREA_MU:
        return "亩", factor * _AREA_MU[unit]
    return unit, factor


def _usable(f: Fact) -> bool:
    return not f.approx and not isinstance(f.value, list) and f.kind not in ("percent", "growth")


def _span(f: Fact) -> tuple[float, float]:
    """The values an input figure may stand for, in its base unit: a count is exact, a decimal or a scaled figure
    (465万元, 2.6万亩) was rounded to its last place.  (The stated result gets a whole unit: see _fits.)"""
    unit, factor = base_unit(f)
    exact = f.decimals == 0 and f.kind == "count" and factor == 1
    h = 0.0 if exact else 0.5 * 10.0 ** -f.decimals
    return (f.value - h) * factor, (f.value + h) * factor


def _fits(stated: Fact, lo: float, hi: float) -> bool:
    """The stated result may have been rounded half up, down or up: one unit of its last place either way."""
    slack = 10.0 ** -stated.decimals + 1e-9
    return lo - slack <= stated.value <= hi + slack


def _ratio_span(num: Fact, den: Fact, times: float = 1.0) -> tuple[float, float] | None:
    (nlo, nhi), (dlo, dhi) = _span(num), _span(den)
    if dlo <= 0 or nlo < 0:
        return None
    return times * nlo / dhi, times * nhi / dlo


def _window(facts: list[Fact], i: int, floor: int) -> list[Fact]:
    out = []
    for f in reversed(facts[max(0, i - 20):i]):
        if f.start < floor:
            break
        out.append(f)
    return out[::-1]


def _paragraph_floor(text: str, pos: int) -> int:
    return max(text.rfind("\n", 0, pos) + 1, pos - _PARA_BACK)


def _some_pair_fits(stated: Fact, pool: list[Fact], share: bool) -> bool:
    """Any two figures of the pool (same unit) whose quotient gives the stated percentage: then the sentence has
    a reading in which it is right, and the rule keeps quiet."""
    for a, b in permutations(pool, 2):
        if base_unit(a)[0] != base_unit(b)[0]:
            continue
        span = _ratio_span(a, b, 100.0)
        if span and (_fits(stated, *span) or (share and _fits(stated, 100.0 - span[1], 100.0 - span[0]))):
            return True
    return False


def _ratio_defect(text: str, family: str, num: Fact, den: Fact, stated: Fact, start: int) -> Defect | None:
    span = _ratio_span(num, den, 100.0)
    if span is None or _fits(stated, *span):
        return None
    ratio = 100.0 * num.value * base_unit(num)[1] / (den.value * base_unit(den)[1])
    working = f"{num.text}÷{den.text}={ratio:.2f}%"
    return _relation(text, family, start, stated.end, f"{working}, not {stated.text}",
                     f"{working}，文中为{stated.text}")


def _relation(text: str, family: str, start: int, end: int, note: str, message: str) -> Defect:
    d = defect(text, "arithmetic", start, end, note, message)
    d.family = family
    return d


def shares_and_completion(text: str, facts: list[Fact]) -> list[Defect]:
    out = []
    index = {id(f): k for k, f in enumerate(facts)}
    for i, p in enumerate(facts):
        if p.kind != "percent" or p.unit != "%" or p.approx or isinstance(p.value, list):
            continue
        near = text[max(0, p.start - 30):p.start]
        if not any(w in near for w in _SHARE_HINTS) and "率" not in p.subject:
            continue  # cheap test before the clause and sentence are looked up
        clause = text[clause_start(text, p.start):p.start]
        sent = sentence_start(text, p.start)
        lead = text[max(sent, p.start - 30):p.start]
        if i and _INLINE_OF.fullmatch(text, facts[i - 1].end, p.start) \
                and _INLINE_TARGET.search(text, max(sent, facts[i - 1].start - 16), facts[i - 1].start):
            d = _inline_completion(text, facts, i, sent)
            if d:
                out.append(d)
            continue
        if "分别" in lead or "、" in clause:
            d = _respective_share(text, facts, i, sent, index)
            if d:
                out.append(d)
            continue
        if _COMPLETION_CUE.search(lead) or re.search(r"(?:完成率|执行率)$", p.subject):
            d = _completion(text, facts, i, sent, index)
        elif (_SHARE_CUE.search(clause) or _RATE_NAME.search(p.subject)) and not _NOT_SHARE_RATE.search(p.subject + clause):
            d = _share(text, facts, i, sent, index)
        else:
            continue
        if d:
            out.append(d)
    return out


_JOIN = frozenset(["和", "、", "与", "及", "，"])


_NAMED_JOIN = re.compile(r"[、和与及][\u4e00-\u9fff]{0,8}")


def _group(text: str, facts: list[Fact], k: int, step: int, same, named: bool = False) -> list[int]:
    """Indices of the run of figures joined by 和/、 around facts[k] (step -1: the run ending at k); with `named`,
    each may carry its name (初信初访1321件、重信重访553件)."""
    run = [k]
    j = k + step
    while 0 <= j < len(facts) and same(facts[j]):
        a, b = (facts[j], facts[run[-1]]) if step < 0 else (facts[run[-1]], facts[j])
        gap = text[a.end:b.start]
        if gap not in _JOIN and not (named and _NAMED_JOIN.fullmatch(gap)):
            break
        run.append(j)
        j += step
    return sorted(run)


def _respective_share(text: str, facts: list[Fact], i: int, sent: int, index: dict[int, int]) -> Defect | None:
    """男性党员、女性党员分别为485人和36人，占党员总数的比重为93.09%和6.91%: the n-th share is the n-th count over
    the whole stated before the counts."""
    p = facts[i]
    is_pct = lambda f: f.kind == "percent" and f.unit == "%" and _usable_pct(f)
    shares = _group(text, facts, i, -1, is_pct)
    shares = sorted(set(shares) | set(_group(text, facts, i, 1, is_pct)))
    if len(shares) < 2 or not _SHARE_CUE.search(text, max(sent, facts[shares[0]].start - 16), facts[shares[0]].start):
        return None
    last = shares[0] - 1
    if last < 0 or not _usable(facts[last]) or facts[last].start < sent:
        return None
    unit = base_unit(facts[last])[0]
    counts = _group(text, facts, last, -1, lambda f: _usable(f) and base_unit(f)[0] == unit, named=True)
    if len(counts) != len(shares):
        return None
    part = facts[counts[shares.index(i)]]
    whole = None
    for f in reversed(_window(facts, counts[0], sent)):
        if base_unit(f)[0] == unit and f.kind not in ("percent", "growth"):
            whole = f if _usable(f) and f.value >= sum(facts[c].value for c in counts) - 1e-9 else None
            break
    if whole is None:
        return None
    return _ratio_defect(text, "share", part, whole, p, clause_start(text, whole.start))


def _usable_pct(f: Fact) -> bool:
    return not f.approx and not isinstance(f.value, list)


def _nearest_part(text: str, facts: list[Fact], i: int, sent: int) -> Fact | None:
    p = facts[i]
    before = _window(facts, i, sent)
    for f in reversed(before):
        if f.kind in ("percent", "growth"):
            return None  # a percentage in between: the stated one may follow from it, not from the counts
        if p.start - f.end > 40:
            return None
        return f if _usable(f) else None
    return None


def _companion(facts: list[Fact], index: dict[int, int], f: Fact) -> Fact | None:
    """The other half of a compound figure (32户103人): a figure in another unit written right against it."""
    k = index[id(f)]
    for g in facts[max(0, k - 1):k + 2]:
        if g is not f and (g.start == f.end or g.end == f.start) and base_unit(g)[0] != base_unit(f)[0]:
            return g
    return None


def _has_own_share(facts: list[Fact], index: dict[int, int], f: Fact) -> bool:
    k = index[id(f)] + 1
    return k < len(facts) and facts[k].kind == "percent" and facts[k].start - f.end <= 6


_OWN_SHARE_NAME = re.compile(r"([\u4e00-\u9fff]{2,})(?:占比|比重|所占比重|的比重|的占比)(?:为|达到?|是)?[ \u3000]*$")


def _share(text: str, facts: list[Fact], i: int, sent: int, index: dict[int, int]) -> Defect | None:
    p = facts[i]
    part = _nearest_part(text, facts, i, sent)
    if part is None:
        return None
    named_whole = None
    cue = text.rfind("占", max(sent, part.start - 12), part.start)
    if cue >= 0 and re.fullmatch(r"[^，,。；;的]{0,6}的(?:比重|比例)?(?:为|达)?", text[part.end:p.start]):
        # 这9个村占被调查66个村的13.6%: the figure after 占 is the whole, the part comes before 占
        k = index[id(part)]
        prior = [f for f in _window(facts, k, sent) if base_unit(f)[0] == base_unit(part)[0]]
        if not prior or not _usable(prior[-1]) or text.find("，", prior[-1].end, cue) >= 0:
            return None
        named_whole, part = part, prior[-1]
    between = text[part.end:p.start]
    own = _OWN_SHARE_NAME.search(text, clause_start(text, p.start), p.start)
    if own and part.start < clause_start(text, p.start) and len(common_words(own.group(1), part.subject)) < 2:
        return None  # …泛半导体产业产值36亿元，战略新兴产业增加值占比达25%: the share names a part not written
    if named_whole is not None:
        between = ""
    if any(c in between for c in "、（(") or len(between) > 24:
        return None
    unit = base_unit(part)[0]
    j = index[id(part)]
    whole = named_whole
    for f in reversed(_window(facts, j, sent) if whole is None else []):
        if base_unit(f)[0] == unit and f.kind not in ("percent", "growth"):
            if isinstance(f.value, list) or f.approx:
                return None
            if _has_own_share(facts, index, f):
                continue  # 55-59岁17人，占16.8%、46-54岁13人，占12.8%: a peer with its own share, not the whole
            if f.value * base_unit(f)[1] > part.value * base_unit(part)[1]:
                whole = f
                break
    if whole is None:
        qz = text.rfind("其中", clause_start(text, part.start) - 3, part.start)
        if qz < 0:
            return None
        floor = _paragraph_floor(text, qz)
        for f in reversed(_window(facts, j, floor)):
            if f.end <= qz and base_unit(f)[0] == unit:
                named_whole = len(common_words(f.subject, text[part.end:p.start])) >= 2
                if _usable(f) and f.value * base_unit(f)[1] > part.value * base_unit(part)[1] \
                        and (qz - f.end <= 6 or named_whole):
                    whole = f  # …农户356户。…其中脱贫户89户，占全村农户的25%: the share names its whole
                break
        if whole is None:
            return None
    if _companion(facts, index, whole) and not _companion(facts, index, part):
        return None  # 监测户32户103人…已消除风险22户，风险消除率65.1%: the rate may be counted in 人
    named = _RATE_NAME.sub("", p.subject) if _RATE_NAME.search(p.subject) else ""
    if named and len(set(named) & set(part.subject + whole.subject)) < 2:
        return None  # the rate is about something else
    pool = [f for f in _window(facts, i, min(sent, sentence_start(text, whole.start))) if _usable(f)]
    if _some_pair_fits(p, pool, share=True):
        return None
    start = clause_start(text, whole.start) if whole.start >= sent else clause_start(text, part.start)
    return _ratio_defect(text, "share", part, whole, p, start)


_INLINE_TARGET = re.compile(r"(?:完成|占|为|达到?)[^，,。；;\n0-9]{0,8}?(?:任务|目标|计划|预算|指标)[^，,。；;\n0-9]{0,2}$")
_INLINE_OF = re.compile(r"的(?:比例|比重)?(?:为|达)?[ \u3000]*")


def _inline_completion(text: str, facts: list[Fact], i: int, sent: int) -> Defect | None:
    """参加失业保险7920人，完成年度目标任务7900人的100.25%: the target stands inside the phrase, the actual figure
    before it (the one before a 其中 when the sentence breaks its figure down)."""
    p, target = facts[i], facts[i - 1]
    if not _usable(target) or not target.value:
        return None
    unit = base_unit(target)[0]
    before = [f for f in _window(facts, i - 1, sent) if f.kind not in ("percent", "growth") and base_unit(f)[0] == unit]
    if not before or any(not _usable(f) for f in before):
        return None
    actual = before[-1]
    qz = text.find("其中", before[0].end, target.start)
    if qz >= 0:
        heads = [f for f in before if f.end <= qz]
        actual = heads[-1] if heads else actual
    pool = [f for f in _window(facts, i, sent) if _usable(f)]
    if _some_pair_fits(p, pool, share=False):
        return None
    return _ratio_defect(text, "completion", actual, target, p, clause_start(text, actual.start))


def _completion(text: str, facts: list[Fact], i: int, sent: int, index: dict[int, int]) -> Defect | None:
    p = facts[i]
    actual = _nearest_part(text, facts, i, sent)
    if actual is None:
        return None
    unit = base_unit(actual)[0]
    floor = _paragraph_floor(text, sent)
    target = None
    for f in reversed(_window(facts, index[id(actual)], floor)):
        if base_unit(f)[0] != unit or f.kind in ("percent", "growth"):
            continue
        head = text[clause_start(text, f.start):f.start]
        if _TARGET_WORD.search(head) and not _DONE_WORD.search(head):
            if not _usable(f):
                return None
            target = f
            break
    if target is None and _RATE_WORD_BEFORE.search(text, max(0, p.start - 10), p.start):
        for f in reversed(_window(facts, index[id(actual)], sent)):  # 交办隐患61处，完成整改60处，完成率98.36%
            if base_unit(f)[0] == unit and f.kind not in ("percent", "growth"):
                target = f if _usable(f) and f.value >= actual.value else None
                break
    if target is None:
        return None
    pool = [f for f in _window(facts, i, floor) if _usable(f)]
    if _some_pair_fits(p, pool, share=False):
        return None
    return _ratio_defect(text, "completion", actual, target, p, clause_start(text, target.start))


def averages(text: str, facts: list[Fact]) -> list[Defect]:
    """人均/户均/亩均/期均/平均… = total ÷ count, and 亩产/单产 = output ÷ area, all in the same sentence."""
    out = []
    for i, avg in enumerate(facts):
        if not _usable(avg) or avg.value <= 0:
            continue
        near = text[max(0, avg.start - 20):avg.start]
        if "均" not in near and "产" not in near:
            continue  # cheap test before the clause is looked up
        cs = clause_start(text, avg.start)
        cue = _AVERAGE_CUE.search(text, cs, avg.start)
        if not cue:
            continue
        word = cue.group(1)
        sent = sentence_start(text, avg.start)
        before = [f for f in _window(facts, i, sent) if f.kind not in ("percent", "growth")]
        if any(not _usable(f) for f in before):
            continue  # hedged or ranged figures around: undecidable
        if "亩产" in cue.group(0) or "单产" in cue.group(0):
            family = "yield"
            num_unit, den_units = "公斤", ("亩",)
            if base_unit(avg)[0] != "公斤":
                continue
        else:
            family = "average"
            num_unit = base_unit(avg)[0]
            key = next((k for k in _AVERAGE_DENOMINATOR if k in word.replace("平均", "")), None)
            den_units = _AVERAGE_DENOMINATOR[key] if key else None
        # 水稻9100亩，平均亩产510公斤，总产4641吨: the total may follow the average, up to the next ；
        after = []
        for f in facts[i + 1:i + 4]:
            if any(c in text[avg.end:f.start] for c in "。；;\n") or f.start - avg.end > 16:
                break
            if _usable(f):
                after.append(f)
        totals = [f for f in before + after if base_unit(f)[0] == num_unit]
        counts = [f for f in before if (base_unit(f)[0] in den_units if den_units else
                                        f.kind == "count" and base_unit(f)[0] != num_unit)]
        if family == "yield" and (not totals or not counts):
            # 粮食播种面积66.6万亩，…；粮食总产量24.31万吨，粮食平均亩产365.04公斤: output or area may stand earlier in
            # the paragraph; every earlier candidate is tried, and one of each that name the same crop must exist
            # (a figure after 增/减/扩种… is a change and 突破80万吨 a threshold: neither is the crop's area or output)
            earlier = [f for f in _window(facts, i, _paragraph_floor(text, sent)) if f.kind not in ("percent", "growth")
                       and not _CHANGE_LEAD.search(text, max(0, f.start - 4), f.start)
                       and not (f.approx and _THRESHOLD.search(f.text))]
            if any(not _usable(f) for f in earlier):
                continue
            totals = totals or [f for f in earlier if base_unit(f)[0] == num_unit]
            counts = counts or [f for f in earlier if base_unit(f)[0] in den_units]
            if not totals or not counts:
                continue
            counts = sorted(counts, key=lambda f: len(common_words(totals[-1].subject, f.subject)))
            generic = not _GENERIC_OUTPUT.sub("", totals[-1].subject)  # 总产量, 产量（折粮）: the paragraph's crop
            if len(common_words(totals[-1].subject, counts[-1].subject)) < 2 \
                    and not (generic and len(totals) == 1 and len(counts) == 1):
                continue
        if not totals or not counts:
            continue
        total, count = totals[-1], counts[-1]
        if family == "average" and not den_units and len(counts) > 1:
            continue  # 平均 with several counts: which one divides is not written
        # 人均月补助506.4元/月/人 from a year's (or some months') total: any number of months may divide
        months = range(1, 13) if "月" in text[cue.start():avg.start] or text.startswith("/月", avg.end) else (1,)
        if any(_fits_quotient(avg, t, c, n) for t in totals for c in counts if t is not c for n in months):
            continue
        span = _ratio_span(total, count)
        if span is None:
            continue
        # the average is in its own unit (元 of 万元 totals, 公斤 of 万公斤): bring the quotient to it
        factor = base_unit(avg)[1]
        q = total.value * base_unit(total)[1] / (count.value * base_unit(count)[1]) / factor
        working = f"{total.text}÷{count.text}={fmt(round(q, 2))}{avg.unit}"
        start = clause_start(text, min(total.start, count.start))
        out.append(_relation(text, family, start, avg.end, f"{working}, not {avg.text}", f"{working}，文中为{avg.text}"))
    return out


_CHANGE_LEAD = re.compile(r"(?:增加?|减少?|扩种|扩大|压减|新增|净增|提高|下降|降低)了?$")
_THRESHOLD = re.compile(r"突破|超过|以上")
_GENERIC_OUTPUT = re.compile(r"[总产量（）()折粮全年的为达]")


def _fits_quotient(avg: Fact, total: Fact, count: Fact, months: int = 1) -> bool:
    span = _ratio_span(total, count)
    if span is None:
        return True
    factor = base_unit(avg)[1] * months
    return _fits(avg, span[0] / factor, span[1] / factor)


_PER_UNIT = re.compile(r"^/[\u4e00-\u9fff]")


def differences(text: str, facts: list[Fact]) -> list[Defect]:
    """由上年的8.62亿元增加到9.47亿元，增加0.95亿元 / 9.47亿元，比上年的8.62亿元增加0.95亿元: |B − A| = C.
    Percentages moving by 个百分点 (从85.2%提高到91.3%，提高6.1个百分点) are the same relation."""
    out = []
    for i in range(2, len(facts)):
        a, b, c = facts[i - 2], facts[i - 1], facts[i]
        if b.start - a.end > 12 or c.start - b.end > 10 or not any(ch in text[b.end:c.start] for ch in _DIFF_CHARS):
            continue
        gap_ab, gap_bc = _PER_UNIT.sub("", text[a.end:b.start], 1), _PER_UNIT.sub("", text[b.end:c.start], 1)
        if len(gap_ab) > 12 or len(gap_bc) > 10 or any(ch in gap_ab + gap_bc for ch in "。；;\n"):
            continue
        if _DIFF_TO.search(gap_ab):
            old, new = a, b
        elif _DIFF_BASE.match(gap_ab):
            old, new = b, a
        else:
            continue
        if not _DIFF_STATED.match(gap_bc):
            continue
        if any(isinstance(f.value, list) or f.approx for f in (a, b, c)):
            continue
        points = old.unit == "%" and new.unit == "%" and c.unit in ("个百分点", "百分点")
        if not points and (c.kind in ("percent", "growth") or not (base_unit(a)[0] == base_unit(b)[0] == base_unit(c)[0])):
            continue
        if points:
            (olo, ohi), (nlo, nhi), factor = _pct_span(old), _pct_span(new), 1.0
        else:
            (olo, ohi), (nlo, nhi), factor = _span(old), _span(new), base_unit(c)[1]
        lo, hi = abs(nlo - ohi), abs(nhi - olo)
        lo, hi = (0.0 if (nlo - ohi) * (nhi - olo) <= 0 else min(lo, hi)), max(lo, hi)
        if _fits(c, lo / factor, hi / factor):
            continue
        diff = (new.value * (1 if points else base_unit(new)[1]) - old.value * (1 if points else base_unit(old)[1])) / factor
        working = f"{new.text}−{old.text}={fmt(round(diff, 4))}{c.unit}" if diff >= 0 else \
            f"{old.text}−{new.text}={fmt(round(-diff, 4))}{c.unit}"  # a decrease: the larger figure first
        start = clause_start(text, a.start)
        out.append(_relation(text, "difference", start, c.end, f"{working}, not {c.text}", f"{working}，文中为{c.text}"))
    return out


_BASE_YEAR = r"(?:上年|去年|上一年|[0-9xX]{2,4}年)(?:同期|末|底)?"
_CHANGE_STATED = re.compile(r"(?:/[\u4e00-\u9fff]|[（(][^（）()。；;\n]{0,12}[）)])?[，, ]*(?:同比|(?:比|较)" + _BASE_YEAR + r")"
                            r"(?P<dir>增加|减少|净增|增长|提高|下降|增|减)了?[ \u3000]*")
_CHANGE_RATE = re.compile(r"(?:/[\u4e00-\u9fff])?[，, ]*(?:同比)?(?P<dir>增长|增加|提高|增|减少|下降|降低|减|降)(?:幅度?|率)?"
                          r"(?:为|达)?了?[ \u3000]*")


def growth_from_change(text: str, facts: list[Fact]) -> list[Defect]:
    """茶叶总产量1118.6吨，同比增加172.6吨，增18%: the rate is the change over last year's figure (1118.6−172.6)."""
    out = []
    for i in range(2, len(facts)):
        now, c, g = facts[i - 2], facts[i - 1], facts[i]
        if g.kind != "growth" or g.unit != "%" or c.start - now.end > 26 or g.start - c.end > 6:
            continue
        m1, m2 = _CHANGE_STATED.fullmatch(text, now.end, c.start), _CHANGE_RATE.fullmatch(text, c.end, g.start)
        if not m1 or not m2 or not all(_usable(f) for f in (now, c)) or base_unit(now)[0] != base_unit(c)[0]:
            continue
        down = m1["dir"] in ("减少", "下降", "减")
        (nlo, nhi), (clo, chi) = _span(now), _span(c)
        blo, bhi = (nlo + clo, nhi + chi) if down else (nlo - chi, nhi - clo)
        if blo <= 0:
            continue
        lo, hi = 100.0 * clo / bhi, 100.0 * chi / blo
        if _fits(g, lo, hi) or _fits(g, -hi, -lo):
            continue
        base = now.value * base_unit(now)[1] + (1 if down else -1) * c.value * base_unit(c)[1]
        rate = 100.0 * c.value * base_unit(c)[1] / base
        sign = "+" if down else "−"
        working = f"{c.text}÷({now.text}{sign}{c.text})={rate:.2f}%"
        out.append(_relation(text, "growth", clause_start(text, now.start), g.end, f"{working}, not {g.text}",
                             f"{working}，文中为{g.text}"))
    return out


_BASE_BEFORE = re.compile(r"(?:比|较)" + _BASE_YEAR + r"的?[ \u3000]*$")
_CHANGE_WORD = re.compile(r"(?:/[\u4e00-\u9fff])?[，, ]*(?:净增加?|净减少?|增加了?|减少了?|增长了?|下降了?|降低了?|提高了?|多|少|增|减)[ \u3000]*")
_PLAN_CHANGE = re.compile(r"(?:比|较)(?:计划|目标|任务|预期)[^，,。；;\n0-9]{0,6}?(?:增加|减少|增|减|多|少|超)了?[ \u3000]*$")
_PLAN_HEAD = re.compile(r"计划|目标|任务|预期")
_RATE_AFTER = re.compile(r"(?:/[\u4e00-\u9fff])?[，, ]*(?:同比)?(?:增长|增加|提高|增|减少|下降|降低|减|降)(?:率|幅度?)?(?:为|达)?了?[ \u3000]*")


def changes_against_base(text: str, facts: list[Fact]) -> list[Defect]:
    """全年完成农作物总播面积67670亩，占计划…，比去年的64550亩增3120亩，增4.8%: the change is the current figure
    (earlier in the sentence) minus the base, the rate the change over the base; also 实际总产量2535万公斤，比计划总产
    增4.6万公斤 (the base is the planned figure of the sentence).  Silent unless no candidate pair fits."""
    out = []
    for k in range(1, len(facts)):
        c, b = facts[k], facts[k - 1]
        if c.kind in ("percent", "growth") or c.start - b.end > 16 or _DIFF_SET.isdisjoint(text[c.start - 3:c.start]):
            continue  # cheap tests before the sentence is looked up: a change word stands right before the figure
        if not _usable(c) or not c.value:
            continue
        sent = sentence_start(text, c.start)
        unit = base_unit(c)[0]
        bases = nows = None
        adjacent = False
        if b.start >= sent and _CHANGE_WORD.fullmatch(text, b.end, c.start) \
                and _BASE_BEFORE.search(text, max(sent, b.start - 12), b.start):
            if not _usable(b) or base_unit(b)[0] != unit:
                continue
            cut = text.rfind("比" if "比" in text[max(sent, b.start - 12):b.start] else "较", sent, b.start)
            earlier = [f for f in _window(facts, k - 1, sent) if f.end <= cut and f.kind not in ("percent", "growth")
                       and base_unit(f)[0] == unit]
            bases, nows = [b], earlier
            if k >= 2 and _DIFF_BASE.match(_PER_UNIT.sub("", text[facts[k - 2].end:b.start], 1)) and facts[k - 2] in earlier:
                nows, adjacent = [facts[k - 2]], True  # 9.47亿元，比上年的8.62亿元增加0.95亿元: differences() checks the change
        else:
            m = _PLAN_CHANGE.search(text, max(sent, c.start - 16), c.start)
            if not m or b.start < sent or base_unit(b)[0] != unit or len(text[b.end:m.start()].strip("，, ")) > 0:
                continue
            earlier = [f for f in _window(facts, k - 1, sent) if f.kind not in ("percent", "growth")
                       and base_unit(f)[0] == unit]
            bases = [f for f in earlier if _PLAN_HEAD.search(text, max(sent, f.start - 8), f.start)]
            nows = [b]
        if not bases or not nows or any(not _usable(f) for f in bases + nows):
            continue
        factor = base_unit(c)[1]
        pairs = [(n, bb) for n in nows for bb in bases if n is not bb]
        if not pairs:
            continue
        def diff_fits(n, bb):
            (nlo, nhi), (blo, bhi) = _span(n), _span(bb)
            lo = 0.0 if (nlo - bhi) * (nhi - blo) <= 0 else min(abs(nlo - bhi), abs(nhi - blo))
            return _fits(c, lo / factor, max(abs(nlo - bhi), abs(nhi - blo)) / factor)
        if not any(diff_fits(n, bb) for n, bb in pairs):
            if adjacent:
                continue  # reported by differences()
            n, bb = nows[0], bases[-1]  # the sentence's first figure is what it is about
            diff = abs(n.value * base_unit(n)[1] - bb.value * base_unit(bb)[1]) / factor
            working = f"{n.text}−{bb.text}={fmt(round(diff, 4))}{c.unit}" if n.value >= bb.value else \
                f"{bb.text}−{n.text}={fmt(round(diff, 4))}{c.unit}"
            out.append(_relation(text, "difference", clause_start(text, n.start), c.end, f"{working}, not {c.text}",
                                 f"{working}，文中为{c.text}"))
            continue
        g = facts[k + 1] if k + 1 < len(facts) else None
        if g is None or g.unit != "%" or g.kind not in ("percent", "growth") or not _usable_pct(g) \
                or not _RATE_AFTER.fullmatch(text, c.end, g.start):
            continue
        spans = [_ratio_span(c, bb, 100.0) for bb in bases]
        if any(sp and (_fits(g, *sp) or _fits(g, -sp[1], -sp[0])) for sp in spans):
            continue
        bb = bases[-1]
        rate = 100.0 * c.value * base_unit(c)[1] / (bb.value * base_unit(bb)[1])
        working = f"{c.text}÷{bb.text}={rate:.2f}%"
        out.append(_relation(text, "growth", clause_start(text, bb.start), g.end, f"{working}, not {g.text}",
                             f"{working}，文中为{g.text}"))
    return out


def _pct_span(f: Fact) -> tuple[float, float]:
    h = 0.5 * 10.0 ** -f.decimals
    return f.value - h, f.value + h


def structures(text: str) -> list[Defect]:
    """三次产业结构调整为9.1∶40.7∶51.2: shares of one whole written as a ratio must add up to 100."""
    out = []
    done = -1
    for colon in _RATIO_MARK.finditer(text):  # few places have a ratio mark between digits: start from those
        if colon.start() < done:
            continue
        head = colon.start()
        while head > 0 and head > colon.start() - 12 and (text[head - 1] in "0123456789０１２３４５６７８９.．"):
            head -= 1
        m = _STRUCTURE_RE.match(text, head)
        if not m:
            continue
        done = m.end()
        if text[m.start() - 1:m.start()].isdigit() or text[m.start() - 1:m.start()] in ".．" \
                or text[m.end():m.end() + 1] in ("%", "％", ":", "：", "∶") or text[m.end():m.end() + 1].isdigit():
            continue
        lead = text[max(last_of(text, "。；;\n", m.start()) + 1, m.start() - 60):m.start()]
        if not _STRUCTURE_CUE.search(lead):
            continue
        parts = re.split(r"[ \u3000]?[∶:：][ \u3000]?", m.group(0))
        decs = [len(x.split(".", 1)[1]) if "." in x else 0 for x in parts]
        try:
            values = [float(x.replace("．", ".")) for x in parts]
        except ValueError:
            continue
        total = sum(values)
        if not 80 <= total <= 120 or max(decs) == 0 and total != 100 and any(v > 100 for v in values):
            continue
        if abs(total - 100) <= sum(10.0 ** -d for d in decs) + 1e-9:
            continue  # each share may be rounded either way by one unit of its last place
        expr = "+".join(parts)
        lo = max(clause_start(text, m.start()), m.start() - 20)
        out.append(_relation(text, "structure", lo, m.end(), f"{expr} = {fmt(round(total, 4))}, not 100",
                             f"结构各部分之和 {expr}={fmt(round(total, 4))}，应为100"))
    return out


def relations(text: str, facts: list[Fact]) -> list[Defect]:
    return (shares_and_completion(text, facts) + averages(text, facts) + differences(text, facts)
            + changes_against_base(text, facts) + growth_from_change(text, facts) + structures(text))
