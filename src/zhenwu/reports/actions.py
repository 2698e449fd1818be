"""Every write to reports: create a report from an outline and (re)generate its sections, the clerk's edits,
and the outlines themselves (county-wide configuration)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from zhenwu.core import actions, audit
from zhenwu.core.audit import acting_as
from zhenwu.core.models import Level
from zhenwu.core.periods import Period
from zhenwu.core.reporting import BuildContext
from zhenwu.core.scope import CHANGE

from .builders import build_all
from .models import Outline, OutlineSection, Report, ReportSection
from .packs import read_pack, resolve
from .services import check_fits, check_period


def get_or_create_report(user, org, outline: Outline, period, signed_on=None) -> tuple[Report, bool]:
    """The org's report for the outline and period; a new one is generated in full, dated the end of its period
    unless the clerk gives a date (成文日期)."""
    actions.require(user, CHANGE, org, "您的角色无权为该单位编写报告")
    period = Period.parse(period)
    check_fits(outline, org)
    check_period(outline, period)
    with transaction.atomic(), acting_as(user):
        return _get_or_create(org, outline, period, signed_on)


def _get_or_create(org, outline: Outline, period: Period, signed_on=None) -> tuple[Report, bool]:
    report = Report.objects.filter(org=org, outline=outline, period=period.code).first()
    if report is not None:
        return report, False
    ctx = BuildContext(org, period)
    report = Report(
        org=org, outline=outline, period=period.code, title=ctx.fill(outline.title), signature=_signature(org),
        signed_on=signed_on or period.end,
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
    return f"中共{org.name}委员会　{org.name}人民政府" if org.level == Level.TOWN else org.name


def _new_sections(report: Report, ctx: BuildContext, have=()) -> list[ReportSection]:
    return [
        ReportSection(report=report, org=report.org, key=s.key, order=s.order, level=s.level, title=ctx.fill(s.title),
                      builder=s.builder, params=s.params)
        for s in report.outline.sections.filter(enabled=True) if s.key not in have
    ]


def sync_sections(user, report: Report) -> None:
    """Add the outline's enabled sections the report lacks; keep existing ones (and their edits)."""
    actions.require(user, CHANGE, report.org)
    have = set(report.sections.values_list("key", flat=True))
    with acting_as(user):
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


def regenerate_section(user, section: ReportSection) -> ReportSection:
    """Rebuild one section from the records: its body is replaced, its narrative and every other section kept."""
    actions.require(user, CHANGE, section.org)
    with transaction.atomic(), acting_as(user):
        _fill(section.report, [section])
        section.save()
    return section


def generate(user, report: Report, only_unedited: bool = False) -> Report:
    """Rebuild every section (or the unedited ones) in one pass: figures batched, one UPDATE for the sections
    and their audit rows (before → after) written together."""
    actions.require(user, CHANGE, report.org)
    with transaction.atomic(), acting_as(user):
        sections = [s for s in report.sections.select_for_update() if not (only_unedited and s.edited)]
        before = {s.pk: audit.snapshot(s) for s in sections}
        _fill(report, sections)
        audit.update_many(sections, GENERATED_FIELDS, before)
        report.generated_at = timezone.now()
        report.save()
    return report


def save_section_text(user, section: ReportSection, body: str, narrative: str) -> ReportSection:
    """The clerk's edit of a section's text; `edited` says whether the body still is the generated one."""
    body, narrative = _clean(body), _clean(narrative)
    section.edited = body != section.generated_body.strip()
    section.body = body
    section.narrative = narrative
    return actions.save(user, section)


def _clean(text: str) -> str:
    return "\n".join(line.strip() for line in (text or "").replace("\r\n", "\n").split("\n") if line.strip())


# -- outlines (county-wide configuration) ------------------------------------------------------------------------

def save_outline_sections(user, outline: Outline, changed: list[OutlineSection], deleted: list[OutlineSection]) -> None:
    """Apply an administrator's changes to an outline's sections: all of them or none (a section with an unknown
    builder or bad parameters raises the model's Chinese message and nothing is saved)."""
    actions.require_pack_admin(user)
    with transaction.atomic(), acting_as(user):
        for section in deleted:
            if section.pk:
                actions.delete(user, section)
        for section in changed:
            if not section.outline_id:
                section.outline = outline
                section.key = _new_key(outline, section.title)
            actions.save(user, section)


def create_outline(user, name: str, kind: str, audience: str, copy_from: Outline | None = None) -> Outline:
    """A new outline (a county administrator): empty, or with a copy of another outline's sections."""
    actions.require_pack_admin(user)
    with transaction.atomic(), acting_as(user):
        base = slugify(f"{audience}-{kind}") or "outline"
        code, n = base, 1
        while Outline.objects.filter(code=code).exists():
            n += 1
            code = f"{base}-{n}"
        title = copy_from.title if copy_from else "{org}{period}工作总结"
        outline = actions.save(user, Outline(code=code, name=name, kind=kind, audience=audience, title=title))
        for s in (copy_from.sections.all() if copy_from else []):
            actions.save(user, OutlineSection(outline=outline, key=s.key, order=s.order, level=s.level, title=s.title,
                                              builder=s.builder, params=s.params, enabled=s.enabled))
    return outline


def _new_key(outline: Outline, title: str) -> str:
    base = slugify(title) or "section"
    key, n = base, 1
    while OutlineSection.objects.filter(outline=outline, key=key).exists():
        n += 1
        key = f"{base}-{n}"
    return key


def load_outlines(user, path=None) -> list[Outline]:
    """The pack's outlines that do not exist yet (an outline present, perhaps changed by an administrator, is
    left as it is)."""
    actions.require_pack_admin(user)
    outlines = []
    with transaction.atomic():
        for o in resolve(read_pack(path)):
            outline, created = actions.ensure(user, Outline, code=o["code"], defaults={
                "name": o["name"], "kind": o["kind"], "audience": o.get("audience", "town"), "title": o["title"],
                "description": o.get("description", "")})
            if created:
                for order, s in enumerate(o["sections"], start=1):
                    actions.save(user, OutlineSection(
                        outline=outline, key=s["key"], order=order * 10, level=s["level"], title=s["title"],
                        builder=s.get("builder", "narrative"), params=s["params"]))
            outlines.append(outline)
    return outlines
