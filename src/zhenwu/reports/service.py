"""Create a report from an outline and (re)generate its sections; proof-read it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenwu.core import audit
from zhenwu.core.periods import Period

from zhenwu.core.reporting import BuildContext

from .builders import build_all
from .models import Outline, Report, ReportKind, ReportSection

KIND_OUTLINE = {"annual": "township-annual", "half": "township-half", "safety": "township-safety"}


def outline_for(kind: str) -> Outline:
    code = KIND_OUTLINE.get(kind, kind)
    outline = Outline.objects.filter(code=code).first()
    if outline is None:
        raise ValidationError(f"找不到报告提纲“{kind}”，请先载入报告提纲包")
    return outline


def check_period(outline: Outline, period: Period) -> None:
    if outline.kind == ReportKind.ANNUAL and period.kind != "year":
        raise ValidationError(f"年度报告的期间应为年份（如 {period.year}），而不是“{period.label}”")
    if outline.kind == ReportKind.HALF and period.kind != "half":
        raise ValidationError(f"半年报告的期间应写作 {period.year}H1 或 {period.year}H2")


@transaction.atomic
def get_or_create_report(org, outline: Outline, period) -> tuple[Report, bool]:
    """The org's report for the outline and period; a new one is generated in full."""
    period = Period.parse(period)
    check_period(outline, period)
    report = Report.objects.filter(org=org, outline=outline, period=period.code).first()
    if report is not None:
        return report, False
    ctx = BuildContext(org, period)
    report = Report(
        org=org, outline=outline, period=period.code, title=ctx.fill(outline.title), signature=_signature(org),
        signed_on=timezone.localdate(),
    )
    sections = _new_sections(report, ctx)
    _fill(report, sections)
    report.generated_at = timezone.now()
    report.save()
    for s in sections:
        s.report = report
    audit.create_many(ReportSection, sections)  # born generated: one INSERT and one audit row per section
    return report, True


def _signature(org) -> str:
    return f"中共{org.name}委员会　{org.name}人民政府" if org.level == "town" else org.name


def _new_sections(report: Report, ctx: BuildContext, have=()) -> list[ReportSection]:
    return [
        ReportSection(report=report, org=report.org, key=s.key, order=s.order, level=s.level, title=ctx.fill(s.title),
                      builder=s.builder, params=s.params)
        for s in report.outline.sections.filter(enabled=True) if s.key not in have
    ]


def sync_sections(report: Report) -> None:
    """Add the outline's enabled sections the report lacks; keep existing ones (and their edits)."""
    have = set(report.sections.values_list("key", flat=True))
    audit.create_many(ReportSection, _new_sections(report, BuildContext(report.org, report.period_obj), have))


def _fill(report: Report, sections: list[ReportSection]) -> None:
    """Build the sections from the records (figures batched over all of them) and set their generated text."""
    now = timezone.now()
    results = build_all(BuildContext(report.org, report.period_obj), [(s.builder, s.params) for s in sections])
    for section, result in zip(sections, results):
        section.generated_body = result.body
        section.body = result.body
        section.edited = False
        section.figures = [dict(f.as_json(), id=f"{section.key}-{i}") for i, f in enumerate(result.figures)]
        section.chart = result.chart
        section.generated_at = now


GENERATED_FIELDS = ["generated_body", "body", "edited", "figures", "chart", "generated_at"]


@transaction.atomic
def regenerate_section(section: ReportSection) -> ReportSection:
    """Rebuild one section from the records: its body is replaced, its narrative and every other section kept."""
    _fill(section.report, [section])
    section.save()
    return section


@transaction.atomic
def generate(report: Report, only_unedited: bool = False) -> Report:
    """Rebuild every section (or the unedited ones) in one pass: figures batched, one UPDATE for the sections
    and their audit rows (before → after) written together."""
    sections = [s for s in report.sections.select_for_update() if not (only_unedited and s.edited)]
    before = {s.pk: audit.snapshot(s) for s in sections}
    _fill(report, sections)
    audit.update_many(sections, GENERATED_FIELDS, before)
    report.generated_at = timezone.now()
    report.save()
    return report


def save_section_text(section: ReportSection, body: str, narrative: str) -> ReportSection:
    body, narrative = _clean(body), _clean(narrative)
    section.edited = body != section.generated_body.strip()
    section.body = body
    section.narrative = narrative
    section.save()
    return section


def _clean(text: str) -> str:
    return "\n".join(line.strip() for line in (text or "").replace("\r\n", "\n").split("\n") if line.strip())


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
