"""Points, evaluations and campaigns in reports.

Outline items: {"points": "points"} → given (累计发放积分), taken, redeemed_items (兑换商品件数), redeemed_points,
households; {"points": "evaluations"} → units (村（社区）考核的), rounds (考核次数); {"points": "campaigns",
"name": "示范村湾"} → county, town (已命名的县级、乡镇级个数). Every figure is counted from the records of the
org's subtree in the report's period; a figure without records is absent, so its sentence is left out."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum

from zhenwu.core import fmt
from zhenwu.core.reporting import BuildContext, Figure, FigureSet, SectionResult, page_url, sql_of

from .models import (Board, Candidate, CandidateResult, CampaignLevel, PointRecord, PointState, Redemption, Round,
                     Score)


class PointFigures(FigureSet):
    def __init__(self, data, items):
        super().__init__(data, items)
        self._sources = {}

    def source(self, item: dict):
        kind = item.get("points") or "points"
        key = (kind, item.get("name", ""))
        if key not in self._sources:
            cls = {"points": PointSource, "evaluations": EvaluationSource, "campaigns": CampaignSource}.get(kind)
            if cls is None:
                return None
            self._sources[key] = cls(self.org, self.period, item)
        return self._sources[key]


class _Source:
    label = ""
    url_name = "assess_home"

    def __init__(self, org, period, item):
        self.org, self.period, self.item = org, period, item
        self._values = None

    def values(self) -> dict:
        raise NotImplementedError

    def figure(self, name, value, how, qs) -> Figure:
        return Figure(name, Decimal(value), fmt.count(value), f"{self.label}{how}",
                      source={"type": "points", "org": self.org.code, "org_name": self.org.name,
                              "period": self.period.code},
                      computation=f"{how}（{self.org.name}及下级，{self.period.label}）", query=sql_of(qs),
                      url=page_url(self.url_name))

    def metric(self, name: str) -> Figure | None:
        if self._values is None:
            self._values = self.values()
        found = self._values.get(name)
        if found is None or not found[0]:
            return None
        return self.figure(name, *found)


class PointSource(_Source):
    label = "积分制"
    url_name = "point_list"

    def values(self) -> dict:
        p = self.period
        records = PointRecord.objects.within(self.org).filter(
            state=PointState.APPROVED, occurred_on__gte=p.start, occurred_on__lte=p.end)
        r = records.aggregate(given=Sum("points", filter=Q(points__gt=0)), taken=Sum("points", filter=Q(points__lt=0)),
                              households=Count("household", distinct=True))
        redemptions = Redemption.objects.within(self.org).filter(redeemed_on__gte=p.start, redeemed_on__lte=p.end)
        d = redemptions.aggregate(items=Sum("quantity"), points=Sum("points"))
        return {
            "given": (r["given"] or 0, "审核通过的加分之和", records),
            "taken": (-(r["taken"] or 0), "审核通过的扣分之和", records),
            "households": (r["households"] or 0, "获得积分的农户数", records),
            "redeemed_items": (d["items"] or 0, "积分超市兑换商品件数", redemptions),
            "redeemed_points": (d["points"] or 0, "兑换消耗的积分", redemptions),
        }


class EvaluationSource(_Source):
    label = "考评"
    url_name = "scheme_list"

    def values(self) -> dict:
        p = self.period
        rounds = Round.objects.within(self.org).filter(held_on__gte=p.start, held_on__lte=p.end,
                                                       scheme__org=self.org)
        units = Score.objects.filter(round__in=rounds).values("org").distinct()
        black = rounds.filter(standings__board=Board.BLACK).values("standings__org").distinct()
        return {
            "rounds": (rounds.count(), "开展考评的轮次", rounds),
            "units": (units.count(), "接受考评的单位数", units),
            "black": (black.count(), "列入黑榜的单位数", black),
        }


class CampaignSource(_Source):
    label = "示范创建"
    url_name = "campaign_list"

    def values(self) -> dict:
        p = self.period
        awarded = Candidate.objects.within(self.org).filter(
            result=CandidateResult.AWARDED, campaign__year__gte=p.start.year, campaign__year__lte=p.end.year)
        if self.item.get("name"):
            awarded = awarded.filter(campaign__name=self.item["name"])
        county = awarded.filter(campaign__level=CampaignLevel.COUNTY)
        town = awarded.filter(campaign__level=CampaignLevel.TOWN)
        return {"county": (county.count(), "命名的县级示范", county),
                "town": (town.count(), "命名的乡镇级示范", town),
                "total": (awarded.count(), "命名的示范", awarded)}


def build_ranking(ctx: BuildContext, params: dict) -> SectionResult:
    """The period's evaluations in the corpus's register, then the last published round's red and black lists."""
    from . import services
    from zhenwu.core.reporting import Sentence, end_sentence

    data = ctx.data_for(params)
    result = SectionResult()
    sources = {"e": data.figure_set("points").source({"points": "evaluations"}),
               "p": data.figure_set("points").source({"points": "points"}),
               "c": data.figure_set("points").source({"points": "campaigns", "name": params.get("campaign", "示范村湾")})}
    templates = params.get("sentences") or [
        "按照月末小检查、季末大评比考核要求，对{scope}{e.units}个村（社区）开展考核{e.rounds}次",
        "以“积分制”管理带动十户共治，累计发放积分{p.given}分，兑换商品{p.redeemed_items}件",
        "创建县级示范村湾{c.county}个[、乡镇级{c.town}个]",
    ]
    for template in templates:
        s = Sentence(sources, ctx)
        text = s.render(template)
        if text is not None and s.figures:
            result.paragraphs.append(end_sentence(text))
            result.figures += s.figures
    last = Round.objects.within(ctx.org).filter(scheme__org=ctx.org, published=True, held_on__gte=ctx.period.start,
                                                held_on__lte=ctx.period.end).order_by("-held_on").first()
    if last is not None:
        rows = services.ranking(last)
        red = "、".join(r.unit.name for r in rows if r.board == Board.RED)
        black = "、".join(r.unit.name for r in rows if r.board == Board.BLACK)
        parts = [f"{last.title}中，{red}列入红榜" if red else "", f"{black}列入黑榜并限期整改" if black else ""]
        if any(parts):
            result.paragraphs.append("，".join(p for p in parts if p) + "。")
    return result
