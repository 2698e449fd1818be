"""Projects and the responsibility list in reports: project figures ({"projects": {filters}}: count, planned,
year_plan, done, done_rate) and the section builders for key projects and next period's plan."""

from __future__ import annotations

import json
from decimal import Decimal

from django.db.models import Count, Q, Sum

from zhenwu.core import fmt
from zhenwu.core.periods import Period
from zhenwu.core.reporting import (
    MAX_RECORDS,
    BuildContext,
    Figure,
    FigureSet,
    SectionResult,
    Sentence,
    end_sentence,
    page_url,
    sql_of,
)

from .models import Candidate, Project, ProjectProgress, ProjectStage, Task, TaskSource, TaskStatus, rolled_up_many


class ProjectFigures(FigureSet):
    """Project figures, one ProjectSource per distinct filter of the outline."""

    def __init__(self, data, items):
        super().__init__(data, items)
        self._sources: dict[str, ProjectSource] = {}

    def source(self, item: dict) -> ProjectSource:
        return self.projects(item.get("projects") or None)

    def projects(self, filters: dict | None) -> ProjectSource:
        key = json.dumps(filters, sort_keys=True, ensure_ascii=False)
        if key not in self._sources:
            self._sources[key] = ProjectSource(self.org, self.period, filters)
        return self._sources[key]


class ProjectSource:
    """Key projects of an org's subtree for the period's year: count, planned (总投资), year_plan, done, done_rate."""

    def __init__(self, org, period: Period, filters: dict | None = None):
        self.org, self.period = org, period
        self.qs = Project.objects.within(org).filter(year=period.year, **(filters or {"key": True}))
        last_month = f"{period.year}-{period.last_month:02d}"
        self.done_qs = ProjectProgress.objects.filter(project__in=self.qs, period__gte=f"{period.year}-01",
                                                      period__lte=last_month)
        self._agg = self._done = self._rows = None

    def _figures(self):
        if self._agg is None:
            self._agg = self.qs.aggregate(n=Count("id"), planned=Sum("planned_investment"), year_plan=Sum("year_plan"))
            self._done = self.done_qs.aggregate(s=Sum("investment_done"))["s"] if self._agg["n"] else None
        return self._agg, self._done

    def _records(self) -> list[str]:
        if self._rows is None:
            self._rows = [f"{p.name}：计划总投资{fmt.money(p.planned_investment) if p.planned_investment else '—'}"
                          for p in self.qs[:MAX_RECORDS]]
        return self._rows

    def metric(self, name: str) -> Figure | None:
        agg, done = self._figures()
        if not agg["n"]:
            return None
        if name == "count":
            value, text, how = Decimal(agg["n"]), fmt.count(agg["n"]), "项目个数"
        elif name in ("planned", "year_plan"):
            value = agg[name]
            if value is None:
                return None
            text, how = fmt.money(value), "计划总投资之和" if name == "planned" else "年度计划投资之和"
        elif name == "done":
            if done is None:
                return None
            value, text, how = done, fmt.money(done), f"1月至{self.period.last_month}月完成投资之和"
        elif name == "done_rate":
            if done is None or not agg["year_plan"]:
                return None
            value = done * 100 / agg["year_plan"]
            text, how = fmt.percent(value), "完成投资 ÷ 年度计划投资 × 100%"
        else:
            return None
        return Figure(
            name, value, text, f"重点项目{how}",
            source={"type": "projects", "org": self.org.code, "org_name": self.org.name, "period": self.period.code},
            computation=f"{how}（{self.org.name}及下级，{self.period.year}年重点项目）",
            query=sql_of(self.done_qs if name in ("done", "done_rate") else self.qs), records=self._records(),
            url=page_url("project_list", f"year={self.period.year}"),
        )


def build_projects(ctx: BuildContext, params: dict) -> SectionResult:
    """The key projects: a summary sentence, then one numbered paragraph per project; a monthly investment chart."""
    source = ctx.data_for(params).figure_set("projects").projects(None)
    result = SectionResult()
    s = Sentence({"_": source}, ctx)
    summary = s.render(params.get("summary", "实施重点项目{count}个，总投资{planned}"))
    if summary is None:
        return result
    result.paragraphs.append(end_sentence(summary))
    result.figures += s.figures
    if params.get("completion", True):  # 书记项目, target tasks and 招商 as of the period, when there are records
        more = completion_sentences(ctx.org, ctx.period, key_projects=False)
        if more:
            result.paragraphs.append("".join(more))
    if params.get("list", True):
        last = f"{ctx.period.year}-{ctx.period.last_month:02d}"
        done_to_date = Sum("progress__investment_done", filter=Q(progress__period__lte=last))
        projects = list(source.qs.order_by("id").annotate(done_to_date=done_to_date))
        percents = rolled_up_many(projects, ctx.period)  # as of the period's last month: a half-year report reads June
        for i, project in enumerate(projects, start=1):
            parts = [f"{i}．{project.name}"]
            if project.planned_investment:
                parts.append(f"计划投资{fmt.money(project.planned_investment)}")
            if project.end:
                parts.append(f"计划{project.end.year}年年底前建成")
            text = "，".join(parts) + "。"
            if project.content:
                text += end_sentence(project.content.strip())
            done = project.done_to_date or Decimal(0)  # Project.investment_done(last), summed in the same query
            pct = percents[project.pk]
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
            f"{c.title.rstrip('。')}。{end_sentence(c.target.strip()) if c.target.strip() else ''}"
            for c in task.children.all().order_by("order", "id")
        ) or (end_sentence(task.target.strip()) if task.target.strip() else "")
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
    if params.get("library", True) and nxt.year != ctx.period.year:
        text = library_sentence(ctx.org, nxt.year)
        if text:
            result.paragraphs.append(text)
    return result


def library_sentence(org, year: int) -> str:
    """项目库 of `year` not yet promoted: "2024年项目库储备项目3个，概算投资1200万元：甲（600亩）、乙、丙。"."""
    candidates = list(Candidate.objects.within(org).filter(year=year, project__isnull=True).order_by("id"))
    if not candidates:
        return ""
    budget = sum((c.budget for c in candidates if c.budget is not None), Decimal(0))
    items = "、".join(f"{c.name}（{c.scale}）" if c.scale else c.name for c in candidates)
    money = f"，概算投资{fmt.money(budget)}" if budget else ""
    return f"{year}年项目库储备项目{len(candidates)}个{money}：{items}。"


def completion_sentences(org, period, key_projects: bool = True) -> list[str]:
    """This year's completion as of the end of `period`: 书记项目 and the responsibility list's progress, key projects'
    investment, 招商 signed and in talks. A clause is said only when records stand behind it."""
    p = Period.parse(period)
    out = []
    secretary = list(Task.objects.within(org).filter(year=p.year, source=TaskSource.SECRETARY, parent__isnull=True)
                     .exclude(status=TaskStatus.DROPPED))
    if secretary:
        pcts = list(rolled_up_many(secretary, p).values())
        known = [x for x in pcts if x is not None]
        text = f"实施书记项目{len(secretary)}个"
        if known:
            text += f"，完成进度{fmt.percent(sum(known, Decimal(0)) / len(secretary))}"
        out.append(text + "。")
    tasks = list(Task.objects.within(org).filter(year=p.year, parent__isnull=True, source=TaskSource.TARGET)
                 .exclude(status=TaskStatus.DROPPED))
    if tasks:
        done = sum(1 for pct in rolled_up_many(tasks, p).values() if (pct or 0) >= 100)
        out.append(f"年度目标任务{len(tasks)}项，已完成{done}项。")
    source = ProjectSource(org, p)
    agg, done_money = source._figures() if key_projects else ({"n": 0}, None)
    if agg["n"]:
        text = f"重点项目{agg['n']}个"
        if agg["planned"]:
            text += f"，总投资{fmt.money(agg['planned'])}"
        if done_money:
            text += f"，完成投资{fmt.money(done_money)}"
        out.append(text + "。")
    # 招商: projects with a partner, a signing, or an early stage (only these can be signed or in talks)
    year_projects = list(Project.objects.within(org).filter(year=p.year).filter(
        Q(signed_on__isnull=False) | Q(stage__in=[ProjectStage.TALKS, ProjectStage.SIGNED]) | ~Q(partner="")))
    signed = [x for x in year_projects if x.signed_on and x.signed_on <= p.end and x.signed_on.year == p.year]
    talks = [x for x in year_projects if x.stage_as_of(p) == ProjectStage.TALKS.label]
    if signed or talks:
        parts = []
        if signed:
            parts.append(f"签约项目{len(signed)}个")
            amount = sum((x.signed_amount for x in signed if x.signed_amount), Decimal(0))
            if amount:
                parts[-1] += f"，协议投资{fmt.money(amount)}"
        if talks:
            parts.append(f"在谈项目{len(talks)}个")
        out.append("招商引资" + "，".join(parts) + "。")
    return out


def build_completion(ctx: BuildContext, params: dict) -> SectionResult:
    """年度任务完成情况: one paragraph of completion sentences as of the report's period."""
    result = SectionResult()
    sentences = completion_sentences(ctx.org, ctx.period)
    if sentences:
        result.paragraphs.append("".join(sentences))
    return result
