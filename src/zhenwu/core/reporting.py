"""The kit every app's report figures and section builders are written with (the `reports` app stores outlines
and reports, and writes the Word file; the apps say what their records mean in a report).

Figures: an outline item names its source by a key — {"indicator": "gross_output"}, {"ledger": "safety_hazard",
"filter": {…}}, {"projects": {…}} — and the app that owns the key registers a `FigureSet` for it
(`AppEntry.report_sources`). A `ReportData` reads every item of an outline up front and hands each figure set
all the items of its key, so a report pays for each kind of figure once (batched queries); each figure carries
its provenance (source, computation, query, the records behind it, fetched at the end in one pass per set).

Sentences: a template such as "排查安全隐患{total}处，已整改{closed}处，整改率{closure_rate}" is filled from the
item's sources; a sentence whose figures have no data is left out, a part in [brackets] is left out alone
("…{value}[，{yoy}]" drops only the 同比).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Protocol

from django.urls import NoReverseMatch, reverse

from . import registry
from .models import Level
from .periods import HALF, Period

MAX_RECORDS = 12  # records shown behind a figure
_PLACEHOLDER = re.compile(r"\{(?:(\w+)\.)?([\w:]+)\}")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")


@dataclass
class Figure:
    metric: str
    value: Decimal | None
    text: str
    label: str
    source: dict
    computation: str
    query: str = ""
    records: list[str] = field(default_factory=list)
    url: str = ""
    # which records stand behind the figure: (source key, …) read by that key's FigureSet.attach_records
    fetch: tuple = field(default=(), repr=False)

    def as_json(self) -> dict:
        d = asdict(self)
        d.pop("fetch")
        d["value"] = None if self.value is None else str(self.value)
        return d


class FigureSource(Protocol):
    def metric(self, name: str) -> Figure | None: ...


def page_url(name: str, query: str = "") -> str:
    try:
        return reverse(name) + (f"?{query}" if query else "")
    except NoReverseMatch:
        return ""


def sql_of(qs) -> str:
    try:
        return str(qs.query)
    except Exception:  # noqa: BLE001 - an unprintable query is shown as absent, never breaks a report
        return ""


class FigureSet:
    """All figures of one source key for one report (org × period): built from every outline item naming the key,
    so it can load them in a few batched queries. Subclasses implement `source(item)` (and `attach_records`)."""

    def __init__(self, data: ReportData, items: list[dict]):
        self.data, self.org, self.period = data, data.org, data.period

    def source(self, item: dict) -> FigureSource | None:
        raise NotImplementedError

    def attach_records(self, figures: list[Figure]) -> None:
        """Fill in `records` of the figures this set made (their `fetch` starts with its key)."""


def _walk_items(params, keys, found: dict) -> None:
    """Collect, per source key, every item (a dict naming that key) anywhere in an outline's params."""
    if isinstance(params, dict):
        for key in keys:
            if key in params:
                found.setdefault(key, []).append(params)
        for value in params.values():
            _walk_items(value, keys, found)
    elif isinstance(params, list):
        for value in params:
            _walk_items(value, keys, found)


class ReportData:
    """The figures a report (or one section) needs for one org and period, loaded by each key's FigureSet."""

    def __init__(self, org, period: Period, params: list[dict] | None = None):
        self.org, self.period = org, period
        self._types = registry.report_sources()
        self._items: dict[str, list[dict]] = {}
        _walk_items(params or [], self._types, self._items)
        self._sets: dict[str, FigureSet] = {}

    def figure_set(self, key: str) -> FigureSet:
        if key not in self._sets:
            self._sets[key] = self._types[key](self, self._items.get(key, []))
        return self._sets[key]

    def source(self, item: dict) -> FigureSource | None:
        """The source an outline item names, or None for an item that names none."""
        key = next((k for k in self._types if k in item), None)
        return None if key is None else self.figure_set(key).source(item)

    def attach_records(self, figures: list[Figure]) -> None:
        by_key: dict[str, list[Figure]] = {}
        for fig in figures:
            if fig.fetch and not fig.records:
                by_key.setdefault(fig.fetch[0], []).append(fig)
        for key, figs in by_key.items():
            self.figure_set(key).attach_records(figs)


# ---- sections ----------------------------------------------------------------------------------------------

@dataclass
class BuildContext:
    org: object
    period: Period
    data: ReportData | None = None  # the figures of the whole outline, batched; one per build when absent

    def data_for(self, params: dict) -> ReportData:
        if self.data is None:
            self.data = ReportData(self.org, self.period, [params])
        return self.data

    @property
    def next_period(self) -> Period:
        p = self.period
        if p.kind == HALF and p.last_month == 6:
            return Period.parse(f"{p.year}H2")
        return Period.parse(str(p.year + 1))

    def variables(self) -> dict:
        return {
            "org": self.org.name, "year": self.period.year, "next_year": self.period.year + 1,
            "period": self.period.label, "next_period": self.next_period.label,
            "scope": "全街道" if getattr(self.org, "level", "") == Level.STREET else "全镇",
        }

    def fill(self, text: str) -> str:
        """Fill {year}, {org}… and leave figure placeholders ({total}, {a.value}) alone."""
        vals = self.variables()
        return re.sub(r"\{(\w+)\}", lambda m: str(vals[m.group(1)]) if m.group(1) in vals else m.group(0), text)


@dataclass
class SectionResult:
    paragraphs: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    chart: dict = field(default_factory=dict)

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


class Sentence:
    """Render one template against named sources; collect the figures it used."""

    def __init__(self, sources: dict, ctx: BuildContext):
        self.sources, self.ctx, self.figures = sources, ctx, []

    def _sub(self, text: str) -> str | None:
        used: list[Figure] = []

        def repl(m):
            src = self.sources.get(m.group(1) or "_")
            fig = src.metric(m.group(2)) if src is not None else None
            if fig is None:
                raise LookupError
            used.append(fig)
            return fig.text

        try:
            out = _PLACEHOLDER.sub(repl, text)
        except LookupError:
            return None
        self.figures.extend(used)
        return out

    def render(self, template: str) -> str | None:
        template = self.ctx.fill(template)
        parts, pos = [], 0
        for m in _OPTIONAL.finditer(template):
            parts.append((template[pos:m.start()], False))
            parts.append((m.group(1), True))
            pos = m.end()
        parts.append((template[pos:], False))
        out = []
        for text, optional in parts:
            rendered = self._sub(text)
            if rendered is None:
                if optional:
                    continue
                return None
            out.append(rendered)
        return "".join(out)


def end_sentence(sentence: str) -> str:
    return sentence if sentence.endswith(("。", "！", "？")) else sentence + "。"


def item_sources(item: dict, ctx: BuildContext) -> dict:
    """The sources a template may use: the item's own ("_") and its named `sources`."""
    data = ctx.data_for(item)
    found = {}
    direct = data.source(item)
    if direct is not None:
        found["_"] = direct
    for name, spec in (item.get("sources") or {}).items():
        src = data.source(spec)
        if src is not None:
            found[name] = src
    return found


def render_items(items: list[dict], ctx: BuildContext) -> tuple[list[str], list[Figure]]:
    sentences, figures = [], []
    for item in items:
        # {"first_of": [a, b]}: the first alternative with data (a ledger, else the indicator someone reported)
        for alt in item.get("first_of") or [item]:
            s = Sentence(item_sources(alt, ctx), ctx)
            text = s.render(alt["text"])
            if text is None or (not s.figures and not alt.get("static")):
                continue
            sentences.append(text)
            figures.extend(s.figures)
            break
    return sentences, figures
