"""Fact extraction: every number in a report that measures something, with its unit, kind and subject."""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import asdict, dataclass, field

from . import lexicon
from .layout import reading_view
from .numbers import (
    AR,
    CN_CHARS,
    HEDGE_BEFORE_RE,
    HEDGE_LAST_CHARS,
    MENTION_RE,
    PLACEHOLDER_MARKS,
    decimals,
    is_arabic,
    parse_arabic,
    parse_number,
    plain,
)

_LEX = lexicon.load()
_UNIT_KIND = lexicon.unit_kinds()
_CN_UNITS = frozenset(_LEX["cn_numeral_units"])
_NOT_FACT_UNITS = frozenset({"周岁", "岁", "周年"})
_ROUGH_SIZE_UNITS = frozenset({"亩", "万亩"})  # 百亩示范基地, 万亩林地

# A character that ends a clause; subjects never cross one.
_BOUNDARY = "，,。；;：:、！!？?\n\r\t（）()【】[]<>|/／"
_BOUNDARY_SET = frozenset(_BOUNDARY)
_CJK = re.compile(r"[\u4e00-\u9fff“《]")
_LAST_DATE = re.compile(rf"^.*(?:[0-9０-９]+|[{PLACEHOLDER_MARKS}]+)(?:年|月|日|号)(?:底|初|末|以来|度|份|中旬|上旬|下旬)?")
_HAS_DATE_MARK = re.compile(r"[年月日号]")
_DATE_WORD = re.compile(rf"(?:[0-9０-９]+|[{PLACEHOLDER_MARKS}]+)(?:年|月|日|号)")
# Function words trimmed from both ends of a subject, in one pass (repeated until nothing changes)
_TRIM = re.compile(rf"^(?:{lexicon.alternation(_LEX['subject_trim_start'])})+"
                   rf"|(?:{lexicon.alternation(_LEX['subject_trim_end'] + _LEX['hedges']['before'] + _LEX['hedges']['after'])})+$")
_AFTER_STOP = re.compile(rf"^(?:{lexicon.alternation(_LEX['subject_after_stop'])})")
_CUE_END = r"(?:了|为|达到?|到达|分别为?|约|近)*[ \u3000]*$"  # 同比增长 2.08 %: spaces are common in PDF text
_GROWTH_DOWN = re.compile(rf"(?:{lexicon.alternation(_LEX['growth_down'])}){_CUE_END}")
_GROWTH_CUE_TAIL = re.compile(
    rf"(?:同比|比上年同期|较上年同期|比上年|较上年|比去年|较去年同期|较去年|比去年同期|与(?:去年|上年)(?:同期)?(?:相比)?|[（(]下同[)）])*(?:{lexicon.alternation(_LEX['growth_up'] + _LEX['growth_down'])})"
    rf"{_CUE_END}"
)
_MONEY_CUE = re.compile(lexicon.alternation(_LEX["money_cues"]))
_LABEL_PHRASES = re.compile(lexicon.alternation(_LEX["label_phrases"]))
_REDACTED_NUMBER = re.compile(rf"[ \u3000]?[{PLACEHOLDER_MARKS}]+(?=[ \u3000]?[0-9０-９.．万亿元%％])")
_CEILING_CUE = re.compile(r"(?:降至|降到|控制在|低于|不超过|不高于)[ \u3000]*$")
# The phrase after a number ends at a clause mark, a digit or an adverb (30个村也都相应设立了…); a short aside
# such as 村(场) belongs to it.
_AFTER_STOP_CHAR = re.compile("[" + re.escape(_BOUNDARY) + "0-9０-９也都均已并又将被把]")
_ASIDE = re.compile(r"[(（][^()（）]{1,3}[)）]")
_CLAUSE_TAIL = re.compile("[^" + re.escape(_BOUNDARY) + "]*$")
_WHOLE_AREA = frozenset(["全镇", "全乡", "全村", "全县", "全区", "全市", "全街道", "全社区"])
_SPACES = re.compile(r"[ \u3000]+")
_ARTICLE_BEFORE = frozenset("是成为做")


@dataclass(slots=True)
class Fact:
    text: str
    subject: str
    value: float | int | list
    unit: str
    kind: str
    approx: bool
    start: int
    end: int
    growth_of: str | None = None
    decimals: int = field(default=0, repr=False)

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("decimals")
        return {"type": "fact", "text": d["text"], "subject": d["subject"], "value": d["value"], "unit": d["unit"],
                "kind": d["kind"], "approx": d["approx"], "growth_of": d["growth_of"],
                "start": d["start"], "end": d["end"]}


def extract(text: str) -> list[Fact]:
    """All measured numbers in `text`, in order.  Spans index `text`: text[f.start:f.end] == f.text."""
    view = reading_view(text)  # same length: hard-wrapped lines joined with spaces
    facts: list[Fact] = []
    for m in MENTION_RE.finditer(view):
        fact = _fact_from_match(view, m, facts[-1] if facts else None)
        if fact is not None:
            facts.append(fact)
    facts = _with_bare_rates(view, facts)
    facts = _with_ratios(view, facts)
    facts = _with_shared_units(view, facts)
    _respectively(view, facts)
    if view is not text:
        original = {f.text: text[f.start:f.end] for f in facts}  # growth_of names a fact by its text
        for f in facts:
            f.text = text[f.start:f.end]
            f.growth_of = original.get(f.growth_of, f.growth_of)
    return facts


_BARE_RATE = re.compile(rf"率(?:达到?|为|是)?(?P<num>{AR})(?=[，。；,;])")


def _with_bare_rates(text: str, facts: list[Fact]) -> list[Fact]:
    """调解成功率达99，: a rate whose % was left off is still a percent (unit "") and can be checked."""
    bare = []
    for m in _BARE_RATE.finditer(text):
        start, end = m.span("num")
        if text[start - 1:start] in ".．" or text[end:end + 1] in ".．":
            continue
        subject = _clean_subject(_before_segment(text, start, None))
        bare.append(Fact(text=m["num"], subject=subject, value=plain(parse_arabic(m["num"])), unit="", kind="percent",
                         approx=False, start=start, end=end, decimals=decimals(m["num"])))
    return sorted(facts + bare, key=lambda f: f.start) if bare else facts


_RATIO_MARK = re.compile(r"[∶:：](?<=[0-9０-９][∶:：])(?=[0-9０-９])")
_RATIO_RE = re.compile(rf"{AR}(?:[ \u3000]?[∶:：][ \u3000]?{AR})+")
_RATIO_CUE = re.compile(r"(?:结构|比例|比重|占比|之比|收入比)[^。；;\n]{0,40}$")
_NUMBER_AT = re.compile(AR)


def _with_ratios(text: str, facts: list[Fact]) -> list[Fact]:
    """三次产业结构比为25.72:26.84:47.44 / 城乡收入比由2.05:1下降为2.02:1: each term is a percent fact, unit ""."""
    found = []
    done = -1
    for mark in _RATIO_MARK.finditer(text):
        if mark.start() < done:
            continue
        head = mark.start()
        while head > 0 and head > mark.start() - 12 and text[head - 1] in "0123456789０１２３４５６７８９.．,":
            head -= 1
        m = _RATIO_RE.match(text, head)
        if not m:
            continue
        done = m.end()
        if text[m.start() - 1:m.start()].isdigit() or text[m.end():m.end() + 1] in ("%", "％") \
                or not _RATIO_CUE.search(text, max(0, m.start() - 48), m.start()):
            continue  # 10:30 is a time; a ratio is named by 结构/比例/比重
        subject = _clean_subject(_before_segment(text, m.start(), None)) or ""
        subject = re.sub(r"(?:由上年的?|调整为|比为|为|由)$", "", subject)
        if found and m.start() - found[-1].end <= 8 and not re.search(r"结构|比例|比重|占比|之比|收入比", subject):
            subject = found[-1].subject  # 由上年的13.72∶46.43∶39.85调整为12.36∶48.34∶39.3
        for n in _NUMBER_AT.finditer(text, m.start(), m.end()):
            found.append(Fact(text=n.group(0), subject=subject, value=plain(parse_arabic(n.group(0))), unit="",
                              kind="percent", approx=False, start=n.start(), end=n.end(), decimals=decimals(n.group(0))))
    if not found:
        return facts
    covered = set()  # positions inside a ratio: a figure there (三次 of 三次产业) is part of the ratio's name or terms
    for f in found:
        covered.update(range(f.start, f.end))
    kept = [f for f in facts if not any(p in covered for p in range(f.start, f.end))]
    return sorted(kept + found, key=lambda f: f.start)


_SHARED_UNITS = frozenset(["%", "个百分点", "百分点"])
_BARE_BEFORE = re.compile(rf"(?:{AR}[、和及与])+$")


def _with_shared_units(text: str, facts: list[Fact]) -> list[Fact]:
    """同比分别提升1.2、3.5、2.7个百分点: the numbers before the last share its unit."""
    found = []
    for f in facts:
        if f.unit not in _SHARED_UNITS or text[f.start - 1:f.start] not in ("、", "和", "及", "与"):
            continue
        run = _BARE_BEFORE.search(text, max(0, f.start - 40), f.start)
        if not run or text[run.start() - 1:run.start()] in ("第", ".", "．") or text[run.start() - 1:run.start()].isdigit():
            continue
        for n in _NUMBER_AT.finditer(text, run.start(), run.end()):
            value = plain(parse_arabic(n.group(0)))
            if f.kind == "growth" and isinstance(f.value, (int, float)) and f.value < 0:
                value = -value
            found.append(Fact(text=n.group(0), subject=f.subject, value=value, unit=f.unit, kind=f.kind, approx=False,
                              start=n.start(), end=n.end(), decimals=decimals(n.group(0))))
    return sorted(facts + found, key=lambda f: f.start) if found else facts


_RESPECTIVELY = re.compile(r"分别")
_LIST_JOIN = frozenset("、和与及,， ")


def _respectively(text: str, facts: list[Fact]) -> None:
    """初信初访1321件、重信重访553件，分别占70.5%与29.5%: the n figures after 分别 belong to the n before it."""
    starts = [f.start for f in facts]
    for cue in _RESPECTIVELY.finditer(text):
        i = bisect.bisect_left(starts, cue.end())
        if i == 0 or i == len(facts) or facts[i].start - facts[i - 1].end > 12 or facts[i - 1].end > cue.start():
            continue  # 分别 must sit in a short gap between the owners and the figures
        group = [facts[i]]
        while i + len(group) < len(facts):
            nxt = facts[i + len(group)]
            gap = text[group[-1].end:nxt.start]
            if not gap or len(gap) > 2 or any(c not in _LIST_JOIN for c in gap):
                break
            group.append(nxt)
        owners = facts[max(0, i - len(group)):i]
        if len(group) >= 2 and len(owners) == len(group) and _same_sentence(text, owners[0].start, facts[i].start):
            for owner, fig in zip(owners, group):
                fig.subject = owner.subject
                if fig.kind == "growth":
                    fig.growth_of = owner.text


def _fact_from_match(text: str, m: re.Match, prev: Fact | None) -> Fact | None:
    unit = m["unit"]
    if unit in _NOT_FACT_UNITS and not (unit == "岁" and "年龄" in text[max(0, m.start() - 12):m.start()]):
        return None  # 70岁以上老人 names a group; 平均年龄35.2岁 measures one
    num = m["num"]
    num_start = m.start("num") if num else m.start("pct")
    num = num or m["pct"]
    arabic = is_arabic(num)
    if not _number_is_measure(text, m, num, num_start, arabic, unit):
        return None

    start, end = m.span()
    hedge = HEDGE_BEFORE_RE.search(text, max(0, start - 3), start) if text[start - 1:start] in HEDGE_LAST_CHARS else None
    if hedge:
        start = hedge.start()
    post = m["post"]
    if post in ("余", "多") and not (m["scale"] and not m["scaled"]):
        end -= len(post)  # 3个多元化: 多 belongs to the next word
        post = None
    if post == "以上" and unit not in "%％" and _names_a_category(text, end):
        return None  # 70岁以上老人, 500万元以上项目: a threshold, not a measurement
    if text[end:end + 2] in ("以下", "以内") and (
            _CEILING_CUE.search(text, max(0, start - 4), start) or _names_a_category(text, end + 2)):
        return None  # 贫困发生率降至2%以下 (a target ceiling), 方圆3米以内的坟墓 (a category)

    value = parse_number(num)
    if value is None:
        return None
    if m["num2"]:
        value2 = parse_number(m["num2"])
        if value2 is None:
            return None
        value = [plain(value), plain(value2)]
    else:
        value = plain(value)

    approx = bool(hedge or m["mid"] or m["mid2"] or post)
    if m["scale"]:
        unit = m["scale"] + (m["scaled"] or "")
    unit_text = "个月" if unit == "个多月" else _nfkc(unit)
    if unit == "个多月":
        approx = True
    if not arabic and unit_text[0] in "万亿" and len(unit_text) > 1:
        return None  # 万元 after a Chinese numeral is almost always a redacted or idiomatic phrase

    before = _before_segment(text, start, prev)
    if not before:
        aside = _LATIN_ASIDE.search(text, max(0, start - 10), start)
        if aside:  # 生产总值（GDP）235.28亿元: the words before the aside name it
            before = _before_segment(text, aside.start(), prev)
    kind = _kind(unit_text, m, before)
    if kind is None:
        return None
    if kind == "count" and unit_text in ("万", "亿") and prev is not None and prev.kind == "amount" \
            and prev.unit == unit_text and _same_sentence(text, prev.end, start) and start - prev.end <= 12:
        kind = "amount"  # 预算收入任务174万，完成198万: a bare 万 after a sum of money is money too
    if kind == "amount" and value == 0:
        return None  # 以工代赈项目0万元: a never-filled placeholder, reported by proofread
    if kind == "percent" and prev is not None and prev.kind == "growth" and before in ("和", "、", "及"):
        kind = "growth"  # 分别下降49%和32%
        if isinstance(prev.value, (int, float)) and prev.value < 0:
            value = -value
    if kind == "growth" and (_GROWTH_DOWN.search(before) or before.strip(" \u3000") in ("减", "降")) \
            and not isinstance(value, list):
        value = -value

    fact = Fact(text=text[start:end], subject="", value=value, unit=unit_text, kind=kind, approx=approx,
                start=start, end=end, decimals=decimals(num))
    subject = _subject(text, fact, before, prev)
    fact.subject = _SPACES.sub("", subject) if " " in subject or "\u3000" in subject else subject
    if kind == "growth":
        fact.growth_of = _growth_of(text, fact, prev)
    return fact


@functools.lru_cache(maxsize=512)
def _nfkc(unit: str) -> str:
    return unicodedata.normalize("NFKC", unit)


def _number_is_measure(text: str, m: re.Match, num: str, num_start: int, arabic: bool, unit: str) -> bool:
    """Reject labels, ordinals, redactions and idioms that merely contain a number."""
    prev_ch = text[num_start - 1] if num_start else ""
    if prev_ch in PLACEHOLDER_MARKS and arabic:
        head = text[max(0, num_start - 4):num_start]
        run = len(head) - len(head.rstrip(PLACEHOLDER_MARKS))
        if run < 3 and head[-run - 1:-run] not in ("、", "和", "及"):
            return False  # 1XX32元, XX8万元: part of a redacted number (but XX、XX6村 is a list of names)
    if prev_ch.isdigit() or prev_ch in ".．" or ("a" <= prev_ch.lower() <= "z" and prev_ch not in PLACEHOLDER_MARKS):
        return False  # G60, 3.5.2: codes and versions
    if arabic and len(num) > 1 and num[0] in "0０" and num[1] not in ".．":
        return False  # 06-15: dates and codes, never a measured zero-padded number
    if prev_ch == "第" or (prev_ch in "前后" and unit in ("位", "名")):
        return False
    if prev_ch in "#＃" or (prev_ch in "/／" and text[num_start - 2:num_start - 1].isdigit()):
        return False  # 3#村落, 3.85/10万: a label or the base of a rate (but 50MW／100MWh is two figures)
    end = m.end()
    nxt = text[end:end + 1]
    if nxt in ("#", "＃", "号", "届", "倍") and unit not in "%％":
        return False
    if nxt == "制" and unit in ("人", "年", "日", "天", "级"):
        return False  # 5人制足球场, 3年制: the name of a format
    if lexicon.starts_other_word(unit, nxt):
        return False
    if unit == "对" and nxt.isdigit():
        return False  # 1对1帮扶
    if _inside_short_quote(text, m.start(), end) or _inside_title(text, m.start()):
        return False
    if not arabic:
        if unit not in _CN_UNITS and unit not in "%％" and not m["pct"]:
            return False
        if num[0] in "百千万亿":
            if unit not in _ROUGH_SIZE_UNITS:
                if not (num in ("百", "千") and m["mid"]):
                    return False  # 万元 idioms, but 问题百余个 is a size
            elif prev_ch and (prev_ch in PLACEHOLDER_MARKS or prev_ch in ".．") or not _CJK.match(text, end):
                return False  # 百亩示范基地 is a size; x.x万亩 and 播种面积万亩，are a redacted or missing number
        if prev_ch and (prev_ch in CN_CHARS or prev_ch == "届"):
            return False
        if nxt and nxt in CN_CHARS or text[end + 1:end + 2] in ("一",) and nxt not in _BOUNDARY_SET:
            return False  # 一户一策, 十个一
        if num == "一" and (prev_ch in _ARTICLE_BEFORE or unit == "批"):
            return False  # 是一家…, 引进一批人才
        if nxt in ("“", "《"):
            return False  # 十项“暖民心”行动: a numbered programme
        window = text[max(0, num_start - 3):end + 3]
        if _LABEL_PHRASES.search(window):
            return False
    return True


def _inside_short_quote(text: str, start: int, end: int) -> bool:
    """“四个不摘”, “1+4”: numbers inside a short quotation are names, not measurements."""
    open_at = text.rfind("“", max(0, start - 8), start)
    if open_at < 0 or "”" in text[open_at:start]:
        return False
    close_at = text.find("”", end, end + 8)
    return close_at >= 0


def _inside_title(text: str, start: int) -> bool:
    """《四项监督制度》: numbers in a document title are part of its name."""
    open_at = text.rfind("《", max(0, start - 20), start)
    return open_at >= 0 and "》" not in text[open_at:start]


def _names_a_category(text: str, end: int) -> bool:
    nxt = text[end:end + 1]
    if nxt == "的":
        return True
    return bool(nxt) and "\u4e00" <= nxt <= "\u9fff"


def _kind(unit: str, m: re.Match, before: str) -> str | None:
    if unit in ("%", "‰") or m["pct"]:
        if before.strip(" \u3000") in ("增", "减", "降"):
            return "growth"  # 同比增加172.6吨，增18%: a clause of its own after the absolute change
        return "growth" if _GROWTH_CUE_TAIL.search(before) else "percent"
    if unit in ("个百分点", "百分点"):
        return "growth"  # 比全市高1.7个百分点: a difference of percentages is a change whatever the verb
    if unit == "倍":
        return "growth" if _GROWTH_CUE_TAIL.search(before) else None
    if unit in ("万", "亿"):
        return "amount" if _MONEY_CUE.search(before) else "count"
    kind = _UNIT_KIND.get(unit)
    if kind is None and unit[0] in "万亿":
        kind = _UNIT_KIND.get(unit[1:])  # 500万公斤: any unit can carry a scale word
    return kind


def _before_segment(text: str, start: int, prev: Fact | None, keep: str = "") -> str:
    """The clause text between the previous boundary (or previous fact) and this number."""
    lo = max(0, start - 30)
    if prev is not None and prev.end > lo:
        lo = prev.end
    seg = text[lo:start]
    if not keep:
        return _CLAUSE_TAIL.search(seg).group(0)
    for i in range(len(seg) - 1, -1, -1):
        if seg[i] in _BOUNDARY_SET and seg[i] not in keep:
            return seg[i + 1:]
    return seg


def _clean_subject(seg: str) -> str:
    seg = raw = seg.strip(" \u3000\"'“”‘’")
    if _HAS_DATE_MARK.search(seg):
        after_date = _LAST_DATE.sub("", seg)
        if not _TRIM.sub("", after_date).strip("的 \u3000"):
            first = _DATE_WORD.search(seg)  # 信访量从2007年的465件: the words before the date name it
            before_date = _TRIM.sub("", seg[:first.start()]) if first else ""
            if before_date.rstrip("比较与同"):  # but not 比2022年的32.02亿元
                after_date = seg[:first.start()]
        seg = after_date.lstrip("的")
    seg = seg.lstrip(" \u3000")
    seg = _TRIM.sub("", seg)
    if ("“" in seg or "”" in seg) and seg.count("“") != seg.count("”"):
        seg = seg.strip("“”")
    seg = seg.strip(_BOUNDARY + " \u3000")
    if not seg and raw in _WHOLE_AREA:
        return raw  # 全镇14462户47181人: the whole area is what is counted
    return seg if _CJK.search(seg) else ""  # never a bare 、 or a stray letter


def _after_segment(text: str, end: int, strict: bool) -> str:
    """The noun phrase right after the number (依托全镇13个人民调解委员会), if there is one."""
    i = end + 1 if text[end:end + 1] == "的" else end
    if i > 0 and text[i:i + 1] == text[i - 1:i]:
        i += 1  # 182人人: skip the doubled unit
    if not _CJK.match(text, i):
        return ""
    seg = text[i:i + 16]
    stop = _AFTER_STOP_CHAR.search(seg, 1)
    while stop and stop.group(0) in "(（" and _ASIDE.match(seg, stop.start()):
        stop = _AFTER_STOP_CHAR.search(seg, _ASIDE.match(seg, stop.start()).end())  # 村(场)主要领导
    if stop:
        seg = seg[:stop.start()]
    redacted = _REDACTED_NUMBER.search(seg)  # 7家涉林企业完成产值XX亿元: the phrase ends at the next number
    if redacted:
        seg = seg[:redacted.start()]
    if strict and _AFTER_STOP.match(seg):
        return ""
    if seg[:1] in "约近超逾并已等和及也都均又将被把":
        return ""
    return seg.rstrip("的")


_INHERIT = re.compile(r"(?:增加|提高|提升|上升|减少|下降|增|降|升)(?:至|到)|(?:仅|约|只|共)?占(?:比)?(?:为|达)?")
_METHOD_CLAUSE = re.compile(r"按.{0,8}(?:计算|口径)")
_LATIN_ASIDE = re.compile(r"[(（][A-Za-z0-9]{1,8}[)）][ \u3000]*$")
_SHARE_OF_TARGET = re.compile(r"^(?:占|完成|达到?|为)?.*(?:目标|任务|计划)|^(?:约|近|超|逾)?占")
_GENERIC_MONEY = re.compile(r"(?:投资|投入|资金)(?:额|总额)?$")
_BOUGHT = re.compile(r"[、，,][^，。；、,;]{1,12}?的|[，,](?:用于|建设|实施|打造|新建|改建|修建|购置|建成)了?")
_LAST_NUMBER = re.compile(rf"[0-9０-９{PLACEHOLDER_MARKS}][^0-9０-９{PLACEHOLDER_MARKS}]*$")


def _subject(text: str, fact: Fact, before: str, prev: Fact | None) -> str:
    subject = _subject_of(text, fact, before, prev)
    return "" if _INHERIT.fullmatch(subject) else subject  # 由2.2亿元提高到…: a verb names nothing


def _subject_of(text: str, fact: Fact, before: str, prev: Fact | None) -> str:
    if prev is not None and _INHERIT.fullmatch(before.strip(" \u3000")) and _same_sentence(text, prev.end, fact.start) \
            and fact.start - prev.end <= 8:
        return prev.subject  # 税收由2147万元增加至4250万元 / 女党员214名，仅占11.5%: the same thing again
    if fact.kind == "growth" or (fact.kind == "percent" and _SHARE_OF_TARGET.search(before)):
        # 同比增长9.8％ / 占全年目标53%: the subject is what the previous clause measured
        head = _clean_subject(_GROWTH_CUE_TAIL.sub("", _before_segment(text, fact.start, prev, "、")))
        if head and not _SHARE_OF_TARGET.search(head):
            return head
        clause_start = _clause_start(text, fact.start)
        if prev is not None and prev.start >= _clause_start(text, clause_start - 1) and _same_sentence(text, prev.end, fact.start):
            return prev.subject
        earlier = _clean_subject(_previous_clause(text, fact.start, head=True))
        if _METHOD_CLAUSE.fullmatch(earlier) and prev is not None and _same_sentence(text, prev.end, fact.start):
            return prev.subject  # 生产总值44.7亿元，按不变价格计算，同比增长7.6%
        return earlier or head
    if fact.kind != "amount":
        after = _after_segment(text, fact.end, strict=True)  # 依托全镇13个人民调解委员会
        if after:
            return after
    cleaned = _clean_subject(before)
    if not cleaned and fact.start and text[fact.start - 1] in "(（":
        cleaned = _clean_subject(_before_segment(text, fact.start - 1, prev))  # 目标值(37%)
    if fact.kind == "amount" and (not cleaned or _GENERIC_MONEY.search(cleaned)):
        # 投资30万元打造黄里香榧认养系统: the money is named by what it buys
        after = _after_segment(text, fact.end, strict=False)
        if after:
            return after
        bought = _BOUGHT.match(text, fact.end)  # 投资3910万元、面积1.8万亩的…项目 / 计划投资90万元，建设…系统
        if bought:
            after = _after_segment(text, bought.end(), strict=False)
            if after:
                return after
    if fact.kind == "amount":
        after = _after_segment(text, fact.end, strict=True)
        if after:
            return after
    if cleaned:
        return cleaned
    if prev is not None and fact.start - prev.end <= 2:
        return prev.subject  # 常住4052户、9477口人: the second number of the same thing
    after = _after_segment(text, fact.end, strict=False)
    if after:
        return after
    near = prev is not None and fact.start - prev.end <= 40 and "\n" not in text[prev.end:fact.start]
    if near and _same_sentence(text, prev.end, fact.start):
        return prev.subject
    # 辖区居民健康素养水平稳步提升，2022年达38.2%: the clause before names it; failing that, the last figure's
    return _clean_subject(_previous_clause(text, fact.start, head=False)) or (prev.subject if near else "")


def _clause_start(text: str, pos: int) -> int:
    lo = max(0, pos - 60)
    for i in range(pos - 1, lo - 1, -1):
        if text[i] in _BOUNDARY_SET:
            return i + 1
    return lo


def _same_sentence(text: str, a: int, b: int) -> bool:
    gap = text[a:b]
    return "。" not in gap and "；" not in gap and ";" not in gap and "\n" not in gap


def _previous_clause(text: str, start: int, head: bool) -> str:
    """The clause before this one: its words before its last number (head) or after it (tail)."""
    this_start = _clause_start(text, start)
    if this_start <= 1 or text[this_start - 1] in "。；;\n":
        return ""
    clause = text[_clause_start(text, this_start - 1):this_start - 1]
    m = _LAST_NUMBER.search(clause)
    if not m:
        return clause
    if not head:
        return clause[m.end():] if m.end() < len(clause) else ""
    run = m.start()
    while run > 0 and (clause[run - 1].isdigit() or clause[run - 1] in PLACEHOLDER_MARKS + ".．"):
        run -= 1
    return clause[:run]


def _growth_of(text: str, fact: Fact, prev: Fact | None) -> str:
    if prev is not None and prev.kind != "growth" and _same_sentence(text, prev.end, fact.start):
        return prev.text
    return fact.subject
