"""Baseline import: last year's 工作总结 → the text kit's facts → indicators (by name and synonyms) → a review
page where the clerk accepts, edits or drops each match → values (source "imported"); a stated growth also
gives the year before (value / (1 + g), source "derived"), never overwriting a figure someone entered."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.contrib import messages
from django.forms import formset_factory
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhenwu.core import generic
from zhenwu.core.models import OrgUnit
from zhenwu.core.periods import Period
from zhenwu.core.scope import CHANGE, get_scoped_or_404
from zhenwu.textkit import extract

from . import units
from .actions import Cell, save_cells
from .forms import BaselineForm
from .models import DataValue, Indicator, Source

MATCH_KINDS = {"amount", "count", "measure", "percent"}
# Words around a subject that say nothing about what is measured.
_EDGE = re.compile(r"^(全镇|全街道|全乡|全县|全年|今年|共计|共|累计|实现|完成)+|(完成|实现|达到|达|共计|共|累计|总计)+$")


def normalise(subject: str) -> str:
    s = re.sub(r"\s+", "", subject or "")
    s = re.sub(r"^\d+个", "", s)
    return _EDGE.sub("", s)


@dataclass
class Match:
    indicator: Indicator
    value: Decimal  # as written, in `unit`
    unit: str
    text: str  # the fact's surface string
    subject: str
    growth: Decimal | None = None  # % change on the year before, as stated


def _score(ind: Indicator, subject: str) -> int:
    best = 0
    for name in ind.names():
        if subject == name:
            best = max(best, 1000)
        elif name in subject:
            best = max(best, 100 + len(name))
        elif len(subject) >= 4 and subject in name:
            best = max(best, 10 + len(subject))
    return best


def match_facts(facts, indicators=None) -> list[Match]:
    """The first fact for each indicator whose subject names it and whose unit measures the same thing."""
    indicators = list(indicators if indicators is not None else Indicator.objects.all())
    growth_by_text: dict[str, Decimal] = {}
    for f in facts:
        if f.kind == "growth" and f.growth_of and not isinstance(f.value, list):
            growth_by_text.setdefault(f.growth_of, Decimal(str(f.value)))
    found: dict[int, Match] = {}
    for f in facts:
        if f.kind not in MATCH_KINDS or isinstance(f.value, list) or f.approx and f.kind == "percent":
            continue
        subject = normalise(f.subject)
        if not subject:
            continue
        scored = [(s, ind) for ind in indicators if units.compatible(f.unit, ind.unit) and (s := _score(ind, subject))]
        if not scored:
            continue
        _, ind = max(scored, key=lambda t: t[0])
        if ind.pk in found:
            continue
        found[ind.pk] = Match(ind, Decimal(str(f.value)), f.unit, f.text, f.subject, growth_by_text.get(f.text))
    return list(found.values())


def prior_value(value: Decimal, growth: Decimal) -> Decimal:
    return (value / (1 + growth / 100)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


class ReviewForm(forms.Form):
    accept = forms.BooleanField(label="采用", required=False)
    indicator = forms.ModelChoiceField(label="指标", queryset=Indicator.objects.all())
    value = forms.DecimalField(label="数值", max_digits=20, decimal_places=4)
    unit = forms.CharField(label="单位", max_length=16)
    growth = forms.DecimalField(label="同比增长（%）", required=False, max_digits=10, decimal_places=4)
    text = forms.CharField(widget=forms.HiddenInput, required=False)
    subject = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        ind, unit = data.get("indicator"), data.get("unit")
        if data.get("accept") and ind and unit and not units.compatible(unit, ind.unit):
            raise forms.ValidationError(f"单位“{unit}”与指标“{ind.name}”的单位“{ind.unit}”不是同一种量")
        if data.get("growth") is not None and data["growth"] <= -100:
            raise forms.ValidationError("增速不能小于或等于 -100%")
        return data


ReviewFormSet = formset_factory(ReviewForm, extra=0)


def cells_for(user, org, year: int, rows: list[dict], source_name: str) -> tuple[list[Cell], list[str]]:
    """Cells to save for the accepted rows; the prior year is derived from the growth unless someone entered it."""
    cells, skipped = [], []
    period, prior = Period.parse(str(year)), Period.parse(str(year - 1))
    kept = set(
        DataValue.objects.filter(org=org, period=prior.code).exclude(source=Source.DERIVED).values_list("indicator_id", flat=True)
    )
    for row in rows:
        ind = row["indicator"]
        base = units.convert(row["value"], row["unit"], ind.unit)
        note = f"导入自《{source_name}》：{row.get('text') or ''}"[:200]
        cells.append(Cell(ind, org, period, "", note=note, source=Source.IMPORTED, base_value=base,
                          where=f"{ind.name}（{row.get('text') or ''}）"))
        if row.get("growth") is not None:
            if ind.pk in kept:
                skipped.append(f"{ind.name}{prior.label}已有填报值，未用增速推算覆盖")
                continue
            cells.append(Cell(ind, org, prior, "", note=f"由{year}年数值和增速{row['growth']}%推算", source=Source.DERIVED,
                              base_value=prior_value(base, row["growth"]), where=f"{ind.name}（{prior.label}推算）"))
    return cells, skipped


def _orgs(request):
    return OrgUnit.objects.editable_by(request.user, within=request.org)


@generic.write_required
def upload(request):
    form = BaselineForm(request.POST or None, request.FILES or None, orgs=_orgs(request),
                        initial={"org": request.org, "year": request.period.year - 1})
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        matches = match_facts(extract(f.report_text))
        formset = ReviewFormSet(initial=[
            {"accept": True, "indicator": m.indicator, "value": m.value, "unit": m.unit, "growth": m.growth,
             "text": m.text, "subject": m.subject} for m in matches
        ])
        return render(request, "indicators/baseline_review.html", {
            "formset": formset, "org": form.cleaned_data["org"], "year": form.cleaned_data["year"],
            "source_name": f.name, "count": len(matches),
        })
    return render(request, "indicators/baseline_upload.html", {"form": form})


@require_POST
@generic.org_required
def save(request):
    org = get_scoped_or_404(OrgUnit.objects.all(), request.user, CHANGE, pk=request.POST.get("org"))
    year = generic.int_param(request, "year", 0, 0, 9999)
    source_name = request.POST.get("source_name", "工作总结")[:80]
    formset = ReviewFormSet(request.POST)
    context = {"formset": formset, "org": org, "year": year, "source_name": source_name}
    if not 1990 <= year <= 2100 or not formset.is_valid():
        return render(request, "indicators/baseline_review.html", context, status=400)
    rows = [f.cleaned_data for f in formset.forms if f.cleaned_data.get("accept")]
    cells, skipped = cells_for(request.user, org, year, rows, source_name)
    outcome = save_cells(request.user, cells, confirmed=True)
    if not outcome.ok:
        context["errors"] = outcome.messages()
        return render(request, "indicators/baseline_review.html", context, status=400)
    for s in skipped:
        messages.warning(request, s)
    messages.success(request, f"已导入{org.name}{year}年基数：保存 {outcome.saved} 个数值")
    return redirect(f"{reverse('indicator_grid')}?mode=year&year={year}")
