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

    params: items [{indicator|ledger|projects|sources, text}] (a ledger item with `by` says one sentence per
    group of its records, see `expand_groups`), join ("；" or "。"), lead (an opening phrase
    printed only when a sentence follows), groups ([{lead, items}] written as 一是…二是…), chart ({type, …}).
    """
    result = SectionResult()
    ctx.data_for(params)
    groups = params.get("groups")
    if groups:
        parts = []
        for group in groups:
            sentences, figs = render_items(expand_groups(group.get("items", []), ctx), ctx)
            if sentences:
                n = len(parts) + 1
                head = f"{fmt.cn_number(n)}是{ctx.fill(group['lead'])}。" if group.get("lead") else ""
                parts.append(head + end_sentence("，".join(s.rstrip("。；") for s in sentences)))
                result.figures += figs
        if parts:
            lead = ctx.fill(params.get("lead", ""))
            result.paragraphs.append(lead + "".join(parts))
    else:
        sentences, figs = render_items(expand_groups(params.get("items", []), ctx), ctx)
        if sentences:
            joiner = params.get("join", "，")
            text = joiner.join(s.rstrip("。；") for s in sentences)
            result.paragraphs.append(ctx.fill(params.get("lead", "")) + end_sentence(text))
            result.figures += figs
    chart = params.get("chart")
    if chart and result.paragraphs:
        result.chart = _chart(chart, params, ctx)
    return result


def _group_text(template: str, values: dict) -> str:
    """Put a group's field values ({=field}) into a template; brackets in a value would read as syntax."""
    for key, value in values.items():
        clean = str(value).translate({ord(c): None for c in "{}[]"})
        template = template.replace("{=" + key + "}", clean)
    return template


def ledger_groups(ctx: BuildContext, item: dict) -> list[dict]:
    """The groups of a ledger item with `by` (one field or several): their values, in the order of the item's
    `order` (values listed there first) and then of their first record as entered."""
    by = item["by"] if isinstance(item["by"], list) else [item["by"]]
    groups = [g for g, _ in ctx.data_for(item).figure_set("ledger").groups(item["ledger"], item.get("filter") or {}, by)]
    order = item.get("order") or []
    rank = {v: i for i, v in enumerate(order)}
    return sorted(groups, key=lambda g: rank.get(g[by[0]], len(order)))


def expand_groups(items: list[dict], ctx: BuildContext) -> list[dict]:
    """Items with `by` become one item per group of their ledger's records (by 活动类型, 检查对象, 事项…): the
    group's field values fill {=field}, its records are the item's filter; the other items stay as they are."""
    out = []
    for item in items:
        if not (item.get("by") and item.get("ledger")):
            out.append(item)
            continue
        for group in ledger_groups(ctx, item)[: item.get("limit") or None]:
            out.append({"ledger": item["ledger"], "filter": {**(item.get("filter") or {}), **group},
                        "text": _group_text(item["text"], group)})
    return out


def build_breakdown(ctx: BuildContext, params: dict) -> SectionResult:
    """One sentence per group of a ledger's records: a `facts` section of one item with `by`.

    params: ledger, filter, by (a field or a list), text ({=field} the group's value, {figure:…} its figures),
    order (values first), limit, lead, join ("；"). No records, no paragraph; a group without figures is silent.
    """
    if not params.get("ledger") or not params.get("by") or not params.get("text"):
        return SectionResult()
    item = {k: params[k] for k in ("ledger", "filter", "by", "text", "order", "limit") if k in params}
    return build_facts(ctx, {"items": [item], "lead": params.get("lead", ""), "join": params.get("join", "；")})


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


# The sentence a breakdown of each grouped ledger kind says per group, and the fields it groups by (the outline
# editor offers these; an outline may say anything else in its params).
BREAKDOWNS = {
    "activity": (["activity_type", "unit"], "开展{=activity_type}{figure:sessions}{=unit}[，参与{figure:participants}人次]"
                 "[，参与{figure:people}人][，发放资料{figure:materials}份][，志愿者{figure:volunteers}人]"),
    "work_item": (["item", "unit"], "{=item}{figure:quantity}{=unit}[，涉及{figure:households}户][，涉及{figure:people}人]"
                  "[，资金{figure:funds}]"),
    "inspection": (["campaign", "target_type", "target_unit"], "开展{=campaign}{figure:inspections}次"
                   "[，检查{=target_type}{figure:targets}{=target_unit}][，出动{figure:staff}人次][，发现问题{figure:problems}条]"
                   "[，已整改{figure:rectified}条][，整改率{figure:rectify_rate}]"),
    "enterprise": (["name"], "{=name}有员工{figure:employees}人[，年产值{figure:output}][，年纳税{figure:tax}]"),
}


def _items_of(params: dict) -> list[dict]:
    items = list(params.get("items") or [])
    for group in params.get("groups") or []:
        items += group.get("items") or [] if isinstance(group, dict) else []
    out = []
    for item in items:
        out += item.get("first_of") or [item] if isinstance(item, dict) else [item]
    return out


def check_params(builder: str, params) -> list[str]:
    """What is wrong with a section's parameters, in Chinese (empty: nothing); unknown indicators and ledger kinds
    are named."""
    from django.apps import apps

    if not isinstance(params, dict):
        return ["参数应为 JSON 对象"]
    errors = []
    if builder == "breakdown":
        if not params.get("ledger") or not params.get("by") or not params.get("text"):
            errors.append("“台账分类汇总”需要选择台账类型和分组方式")
    items = _items_of(params) + ([params] if builder == "breakdown" and params.get("ledger") else [])
    codes = {"indicator": set(), "ledger": set()}
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("text", ""), str):
            errors.append("每一条数据句式应为带“text”的 JSON 对象")
            continue
        for key in codes:
            if isinstance(item.get(key), str):
                codes[key].add(item[key])
        for spec in (item.get("sources") or {}).values():
            for key in codes:
                if isinstance(spec, dict) and isinstance(spec.get(key), str):
                    codes[key].add(spec[key])
    known_ind = set(apps.get_model("indicators", "Indicator").objects.filter(code__in=codes["indicator"])
                    .values_list("code", flat=True)) if codes["indicator"] else set()
    known_led = set(apps.get_model("ledgers", "LedgerKind").objects.filter(code__in=codes["ledger"])
                    .values_list("code", flat=True)) if codes["ledger"] else set()
    errors += [f"未知的指标“{c}”" for c in sorted(codes["indicator"] - known_ind)]
    errors += [f"未知的台账类型“{c}”" for c in sorted(codes["ledger"] - known_led)]
    return errors


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
