"""Section builders: records → figures → sentences in the register of the corpus.

A builder gets a BuildContext and the section's params (from the outline pack) and returns a SectionResult:
paragraphs of text, the figures used (with provenance) and an optional chart. Sentences come from templates
in the pack, e.g. "排查安全隐患{total}处，已整改{closed}处，整改率{closure_rate}": a sentence whose figures have
no data is left out; a part in [brackets] is left out alone ("…{value}[，{yoy}]" drops only the 同比).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from zhenwu.core.periods import Period

from zhenwu.core import fmt
from .sources import Figure, IndicatorSource, ReportData, source_for

_PLACEHOLDER = re.compile(r"\{(?:(\w+)\.)?([\w:]+)\}")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")


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
        if p.kind == "half" and p.last_month == 6:
            return Period.parse(f"{p.year}H2")
        return Period.parse(str(p.year + 1))

    def variables(self) -> dict:
        return {
            "org": self.org.name, "year": self.period.year, "next_year": self.period.year + 1,
            "period": self.period.label, "next_period": self.next_period.label,
            "scope": "全街道" if getattr(self.org, "level", "") == "street" else "全镇",
        }

    def fill(self, text: str) -> str:
        vals = self.variables()
        return re.sub(r"\{(\w+)\}", lambda m: str(vals.get(m.group(1), m.group(0))), text)


@dataclass
class SectionResult:
    paragraphs: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    chart: dict = field(default_factory=dict)

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


class _Sentence:
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
        template = _fill_vars(self.ctx, template)
        parts = []
        pos = 0
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


def _fill_vars(ctx: BuildContext, text: str) -> str:
    """Fill {year}, {org}… but leave figure placeholders ({total}, {a.value}) alone."""
    vals = ctx.variables()
    return re.sub(r"\{(\w+)\}", lambda m: str(vals[m.group(1)]) if m.group(1) in vals else m.group(0), text)


def _end(sentence: str) -> str:
    return sentence if sentence.endswith(("。", "！", "？")) else sentence + "。"


def _sources(item: dict, ctx: BuildContext) -> dict:
    found = {}
    data = ctx.data_for(item)
    direct = source_for(item, ctx.org, ctx.period, data)
    if direct is not None:
        found["_"] = direct
    for name, spec in (item.get("sources") or {}).items():
        src = source_for(spec, ctx.org, ctx.period, data)
        if src is not None:
            found[name] = src
    return found


def render_items(items: list[dict], ctx: BuildContext) -> tuple[list[str], list[Figure]]:
    sentences, figures = [], []
    for item in items:
        # {"first_of": [a, b]}: the first alternative with data (a ledger, else the indicator someone reported)
        for alt in item.get("first_of") or [item]:
            s = _Sentence(_sources(alt, ctx), ctx)
            text = s.render(alt["text"])
            if text is None or (not s.figures and not alt.get("static")):
                continue
            sentences.append(text)
            figures.extend(s.figures)
            break
    return sentences, figures


def build_heading(ctx: BuildContext, params: dict) -> SectionResult:
    return SectionResult()


def build_narrative(ctx: BuildContext, params: dict) -> SectionResult:
    """Written by the clerk (亮点, 存在问题, 下步打算): nothing generated."""
    return SectionResult()


def build_facts(ctx: BuildContext, params: dict) -> SectionResult:
    """Sentences from indicator values and ledger statistics.

    params: items [{indicator|ledger|projects|sources, text}], join ("；" or "。"), lead (an opening phrase
    printed only when a sentence follows), groups ([{lead, items}] written as 一是…二是…), chart ({type, …}).
    """
    result = SectionResult()
    ctx.data_for(params)
    groups = params.get("groups")
    if groups:
        parts = []
        for group in groups:
            sentences, figs = render_items(group.get("items", []), ctx)
            if sentences:
                n = len(parts) + 1
                head = f"{fmt.cn_number(n)}是{_fill_vars(ctx, group['lead'])}。" if group.get("lead") else ""
                parts.append(head + _end("，".join(s.rstrip("。；") for s in sentences)))
                result.figures += figs
        if parts:
            lead = _fill_vars(ctx, params.get("lead", ""))
            result.paragraphs.append(lead + "".join(parts))
    else:
        sentences, figs = render_items(params.get("items", []), ctx)
        if sentences:
            joiner = params.get("join", "，")
            text = joiner.join(s.rstrip("。；") for s in sentences)
            result.paragraphs.append(_fill_vars(ctx, params.get("lead", "")) + _end(text))
            result.figures += figs
    chart = params.get("chart")
    if chart and result.paragraphs:
        result.chart = _chart(chart, params, ctx)
    return result


def _chart(spec: dict, params: dict, ctx: BuildContext) -> dict:
    """A chart spec (rendered to PNG by charts.py): yoy growth of each indicator item, or a series over years."""
    if spec.get("type") == "growth":
        labels, values = [], []
        for item in params.get("items", []):
            if "indicator" not in item:
                continue
            fig = IndicatorSource(item["indicator"], ctx.org, ctx.period, data=ctx.data_for(params)).metric("yoy")
            if fig is not None:
                labels.append(item.get("short") or fig.label.removesuffix("同比"))
                values.append(float(fig.value))
        if not labels:
            return {}
        return {"type": "bar", "title": f"{ctx.period.label}主要指标同比增长（%）", "labels": labels,
                "series": [{"name": "同比增长（%）", "values": values}]}
    return {}


def build_projects(ctx: BuildContext, params: dict) -> SectionResult:
    """The key projects: a summary sentence, then one numbered paragraph per project; a monthly investment chart."""
    from zhenwu.plans.models import ProjectProgress

    source = ctx.data_for(params).projects(None)
    result = SectionResult()
    s = _Sentence({"_": source}, ctx)
    summary = s.render(params.get("summary", "实施重点项目{count}个，总投资{planned}"))
    if summary is None:
        return result
    result.paragraphs.append(_end(summary))
    result.figures += s.figures
    if params.get("list", True):
        last = f"{ctx.period.year}-{ctx.period.last_month:02d}"
        done_to_date = Sum("progress__investment_done", filter=Q(progress__period__lte=last))
        for i, project in enumerate(source.qs.order_by("id").annotate(done_to_date=done_to_date), start=1):
            parts = [f"{i}．{project.name}"]
            if project.planned_investment:
                parts.append(f"计划投资{fmt.money(project.planned_investment)}")
            if project.end:
                parts.append(f"计划{project.end.year}年年底前建成")
            text = "，".join(parts) + "。"
            if project.content:
                text += _end(project.content.strip())
            done = project.done_to_date or Decimal(0)  # Project.investment_done(last), summed in the same query
            pct = project.progress_percent
            progress = []
            if done:
                progress.append(f"{ctx.period.label}完成投资{fmt.money(done)}")
            if pct is not None:
                progress.append("项目已建成" if pct >= 100 else f"形象进度{fmt.percent(pct)}")
            if progress:
                text += "，".join(progress) + "。"
            result.paragraphs.append(text)
        months = (
            ProjectProgress.objects.filter(project__in=source.qs, period__gte=f"{ctx.period.year}-01", period__lte=last)
            .order_by("period").values_list("period").annotate(s=Sum("investment_done"))
        )
        rows = list(months)
        if params.get("chart", True) and len(rows) >= 2:
            running, values = Decimal(0), []
            for _, amount in rows:
                running += amount or 0
                values.append(float(running / fmt.WAN))
            result.chart = {"type": "line", "title": f"{ctx.period.label}重点项目累计完成投资（万元）",
                            "labels": [f"{int(p[5:])}月" for p, _ in rows],
                            "series": [{"name": "累计完成投资（万元）", "values": values}]}
    return result


def build_plan(ctx: BuildContext, params: dict) -> SectionResult:
    """Next period's work from the responsibility list: each top-level task a numbered heading line with its
    sub-tasks (title and target) as a paragraph; then next year's key projects by name."""
    from zhenwu.plans.models import Project, Task, TaskSource, TaskStatus

    nxt = ctx.next_period
    result = SectionResult()
    tasks = Task.objects.within(ctx.org).filter(year=nxt.year, parent__isnull=True).exclude(status=TaskStatus.DROPPED)
    if nxt.year == ctx.period.year:  # a half-year report plans the rest of the year: what is not done yet
        tasks = tasks.exclude(status=TaskStatus.DONE)
    if params.get("sources"):
        tasks = tasks.filter(source__in=params["sources"])
    if params.get("areas"):
        tasks = tasks.filter(area__in=params["areas"])
    tasks = list(tasks.order_by("order", "id").prefetch_related("children"))
    n = 0
    for task in tasks:
        if task.source == TaskSource.LIVELIHOOD and params.get("livelihood_separately", True):
            continue
        n += 1
        result.paragraphs.append(f"{n}．{task.title.rstrip('。')}。")
        body = "".join(
            f"{c.title.rstrip('。')}。{_end(c.target.strip()) if c.target.strip() else ''}"
            for c in task.children.all().order_by("order", "id")
        ) or (_end(task.target.strip()) if task.target.strip() else "")
        if body:
            result.paragraphs.append(body)
    livelihood = [t for t in tasks if t.source == TaskSource.LIVELIHOOD]
    if livelihood and params.get("livelihood_separately", True):
        n += 1
        items = "；".join(f"{t.title.rstrip('。')}，{t.target.strip().rstrip('。')}" if t.target.strip() else t.title
                         for t in livelihood)
        result.paragraphs.append(f"{n}．办好民生实事。{items}。")
    projects = list(Project.objects.within(ctx.org).filter(year=nxt.year, key=True).order_by("id")
                    .values_list("name", flat=True))
    if projects and params.get("projects", True):
        names = "、".join(projects)
        result.paragraphs.append(f"{nxt.label}重点推进{names}，共{len(projects)}个项目。")
    return result


BUILDERS = {
    "heading": (build_heading, "仅标题（下设章节）"),
    "narrative": (build_narrative, "人工撰写"),
    "facts": (build_facts, "指标与台账数据"),
    "projects": (build_projects, "重点项目"),
    "plan": (build_plan, "下期工作计划（任务与项目）"),
}


def build(builder: str, ctx: BuildContext, params: dict) -> SectionResult:
    """One section; its figures' records are attached unless the caller batches them (`build_all`)."""
    result = BUILDERS[builder][0](ctx, params or {})
    ctx.data_for(params or {}).attach_records(result.figures)
    return result


def build_all(ctx: BuildContext, sections: list[tuple[str, dict]]) -> list[SectionResult]:
    """Many sections of one report: every figure read from one ReportData, the records fetched once at the end."""
    ctx.data = ReportData(ctx.org, ctx.period, [params for _, params in sections])
    results = [BUILDERS[builder][0](ctx, params or {}) for builder, params in sections]
    ctx.data.attach_records([f for r in results for f in r.figures])
    return results
