"""The report's own section builders (headings, the clerk's text, sentences from indicator and ledger figures)
and the build of a whole report. Apps add builders through their registry entry (`report_builders`); the kit
they share — figures, sentences, contexts — is `zhenwu.core.reporting`."""

from __future__ import annotations

from zhenwu.core import fmt
from zhenwu.core.registry import report_builders
from zhenwu.core.reporting import (
    BuildContext,
    ReportData,
    SectionResult,
    end_sentence,
    render_items,
)


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
                head = f"{fmt.cn_number(n)}是{ctx.fill(group['lead'])}。" if group.get("lead") else ""
                parts.append(head + end_sentence("，".join(s.rstrip("。；") for s in sentences)))
                result.figures += figs
        if parts:
            lead = ctx.fill(params.get("lead", ""))
            result.paragraphs.append(lead + "".join(parts))
    else:
        sentences, figs = render_items(params.get("items", []), ctx)
        if sentences:
            joiner = params.get("join", "，")
            text = joiner.join(s.rstrip("。；") for s in sentences)
            result.paragraphs.append(ctx.fill(params.get("lead", "")) + end_sentence(text))
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
            fig = ctx.data_for(params).source({"indicator": item["indicator"]}).metric("yoy")
            if fig is not None:
                labels.append(item.get("short") or fig.label.removesuffix("同比"))
                values.append(float(fig.value))
        if not labels:
            return {}
        return {"type": "bar", "title": f"{ctx.period.label}主要指标同比增长（%）", "labels": labels,
                "series": [{"name": "同比增长（%）", "values": values}]}
    return {}


def builder_choices() -> list[tuple[str, str]]:
    return [(name, label) for name, (_, label) in report_builders().items()]


def build(builder: str, ctx: BuildContext, params: dict) -> SectionResult:
    """One section; its figures' records are attached unless the caller batches them (`build_all`)."""
    result = report_builders()[builder][0](ctx, params or {})
    ctx.data_for(params or {}).attach_records(result.figures)
    return result


def build_all(ctx: BuildContext, sections: list[tuple[str, dict]]) -> list[SectionResult]:
    """Many sections of one report: every figure read from one ReportData, the records fetched once at the end."""
    ctx.data = ReportData(ctx.org, ctx.period, [params for _, params in sections])
    builders = report_builders()
    results = [builders[builder][0](ctx, params or {}) for builder, params in sections]
    ctx.data.attach_records([f for r in results for f in r.figures])
    return results
