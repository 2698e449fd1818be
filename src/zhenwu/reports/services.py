"""Reading reports: which outline a kind of report uses, the periods it accepts, the sections as printed, and
their proof-reading. Every write (create, generate, edit) is in `reports.actions`."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from zhenwu.core.models import Level
from zhenwu.core.periods import HALF, YEAR, Period

from .models import Audience, Outline, Report, ReportKind, ReportSection

KIND_OUTLINE = {"annual": "township-annual", "half": "township-half", "safety": "township-safety"}
# The outlines a unit may use, best first: its own type's, then the ones written for every unit.
_FITS = {
    "town": [Audience.TOWN, Audience.ANY],
    "street": [Audience.STREET, Audience.TOWN, Audience.ANY],
    "department": [Audience.DEPARTMENT, Audience.ANY],
    "finance": [Audience.FINANCE, Audience.DEPARTMENT, Audience.ANY],
    "supply_coop": [Audience.SUPPLY_COOP, Audience.DEPARTMENT, Audience.ANY],
}


def audience_of(org) -> str:
    """The unit's type as outlines name it: 乡镇, 街道, a department by its business (财政, 供销) or any 县直部门."""
    if org.level == Level.DEPARTMENT:
        return org.unit_type or "department"
    return {Level.TOWN: "town", Level.STREET: "street"}.get(org.level, "")


def fitting_audiences(org) -> list[str]:
    return [str(a) for a in _FITS.get(audience_of(org), [Audience.ANY])]


def outline_for(kind: str, org=None) -> Outline:
    """The outline of a kind of report (annual, half, progress, party, or an outline's code): for a unit, the
    one written for its type."""
    if org is not None and kind in ReportKind.values:
        fits = fitting_audiences(org)
        found = {o.audience: o for o in Outline.objects.filter(kind=kind, audience__in=fits).order_by("-code")}
        for audience in fits:
            if audience in found:
                return found[audience]
        raise ValidationError(f"{org.name}（{org.get_level_display()}）还没有“{ReportKind(kind).label}”报告提纲，"
                              "请县级管理员在“工作报告 → 报告提纲”页面建立")
    code = KIND_OUTLINE.get(kind, kind)
    outline = Outline.objects.filter(code=code).first()
    if outline is None:
        raise ValidationError(f"找不到报告提纲“{kind}”，请先载入报告提纲包")
    return outline


def check_fits(outline: Outline, org) -> None:
    if outline.audience not in fitting_audiences(org):
        raise ValidationError(f"提纲“{outline.name}”是为{outline.get_audience_display()}编写的，"
                              f"不适用于{org.name}（{org.get_level_display()}）")


def check_period(outline: Outline, period: Period) -> None:
    if outline.kind in (ReportKind.ANNUAL, ReportKind.PARTY) and period.kind != YEAR:
        raise ValidationError(f"{outline.get_kind_display()}报告的期间应为年份（如 {period.year}），而不是“{period.label}”")
    if outline.kind == ReportKind.HALF and period.kind != HALF:
        raise ValidationError(f"半年报告的期间应写作 {period.year}H1 或 {period.year}H2")
    if outline.kind == ReportKind.PROGRESS and (period.first_month != 1 or period.last_month == 12):
        raise ValidationError(f"1–N月进度报告的期间应从1月起、到12月前结束（如 {period.year}-01..05），"
                              f"而不是“{period.label}”")


def proofread_section(section: ReportSection) -> list:
    """Defects the text kit finds in the section's final text (generated and edited)."""
    from zhenwu.textkit import proofread

    return proofread(section.text)


def visible_sections(report: Report) -> list[ReportSection]:
    """Sections as printed: a section without text is left out, a heading only when something follows it."""
    sections = list(report.sections.all())
    out = []
    for i, s in enumerate(sections):
        if s.builder == "heading":
            following = []
            for t in sections[i + 1:]:
                if t.level <= s.level:
                    break
                following.append(t)
            if any(t.text for t in following):
                out.append(s)
        elif s.text:
            out.append(s)
    return out


def numbered(report: Report) -> list[tuple[str, ReportSection]]:
    """(number, section) for printing: 一、 for level 1, （一） for level 2."""
    from zhenwu.core.fmt import cn_number

    n1 = n2 = 0
    out = []
    for s in visible_sections(report):
        if s.level <= 1:
            n1, n2 = n1 + 1, 0
            out.append((f"{cn_number(n1)}、", s))
        else:
            n2 += 1
            out.append((f"（{cn_number(n2)}）", s))
    return out
