"""Reading reports: which outline a kind of report uses, the periods it accepts, the sections as printed, and
their proof-reading. Every write (create, generate, edit) is in `reports.actions`."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from zhenwu.core.periods import HALF, YEAR, Period

from .models import Outline, Report, ReportKind, ReportSection

KIND_OUTLINE = {"annual": "township-annual", "half": "township-half", "safety": "township-safety"}


def outline_for(kind: str) -> Outline:
    code = KIND_OUTLINE.get(kind, kind)
    outline = Outline.objects.filter(code=code).first()
    if outline is None:
        raise ValidationError(f"找不到报告提纲“{kind}”，请先载入报告提纲包")
    return outline


def check_period(outline: Outline, period: Period) -> None:
    if outline.kind == ReportKind.ANNUAL and period.kind != YEAR:
        raise ValidationError(f"年度报告的期间应为年份（如 {period.year}），而不是“{period.label}”")
    if outline.kind == ReportKind.HALF and period.kind != HALF:
        raise ValidationError(f"半年报告的期间应写作 {period.year}H1 或 {period.year}H2")


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
