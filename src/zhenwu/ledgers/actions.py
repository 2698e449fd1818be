"""Every write to ledgers: entries (create, edit, delete, transition, import, demo seed) and kinds.

Pages, the API, the Excel import and the demo call these and nothing else; each checks scope (`core.actions`),
validates the fixed fields through the model and the kind's fields through `LedgerKind.clean_data`, and saves
with the audit rows and the transition history in one transaction.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zhenwu.core import actions
from zhenwu.core.audit import acting_as, create_many
from zhenwu.core.models import Level, OrgUnit
from zhenwu.core.roles import roles_on
from zhenwu.core.scope import CHANGE, user_can
from zhenwu.scale import aggregates
from zhenwu.scale.actions import rebuild_aggregates, record_aggregates

from .fields import store_upload
from .models import ConflictError, LedgerEntry, LedgerKind, Transition
from .packs import read_pack
from .schema import FILE_TYPES

AREA_LEVELS = [Level.VILLAGE, Level.COMMUNITY, Level.GRID]
NO_FILES_HERE = "照片和附件请在网页上传"


def _area(org):
    """Where `org` records things: its own subtree; a station, the villages of its town."""
    return org.parent if org.level == Level.STATION and org.parent_id else org


def area_choices(user, org) -> list[tuple[str, str]]:
    """Villages/communities/grids where `org` may record (its subtree; a station: its town's): the choices of
    "org" fields."""
    area = _area(org)
    units = (OrgUnit.objects.within(area) if area != org else OrgUnit.objects.visible_to(user, within=org))
    return list(units.filter(level__in=AREA_LEVELS).values_list("code", "name"))


def _place(entry: LedgerEntry) -> None:
    """A record belongs to the place it happened: when the unit recording it names a village (community, grid) of
    its area in the kind's first place field, the entry moves there and keeps the recording unit."""
    recorder = entry.recorded_org or entry.org
    code = next((entry.data.get(f["key"]) for f in entry.kind.fields
                 if f["type"] == "org" and entry.data.get(f["key"])), None)
    area = _area(recorder)
    if code and isinstance(code, str) and code.startswith(area.code) and code != recorder.code:
        place = OrgUnit.objects.filter(code=code).first()
        if place is not None:
            entry.org, entry.recorded_org = place, recorder
            return
    if entry.recorded_org_id and entry.org_id != entry.recorded_org_id and not code:
        entry.org, entry.recorded_org = recorder, None  # the place was cleared: back to the recording unit


def _name_of(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None and user.pk else "系统"


def _by(user):
    return user if user is not None and user.pk else None


def _sync_state(entry: LedgerEntry) -> None:
    entry.closed = entry.status in entry.kind.done_states
    if entry.closed and not entry.closed_on:
        entry.closed_on = timezone.localdate()
    elif not entry.closed:
        entry.closed_on = None


def _prepare(user, entry: LedgerEntry, data: dict, uploads: dict | None, choices=None) -> list:
    """Validate an entry's kind fields and fixed fields (raises one ValidationError with every message); returns
    the uploads to store once the whole entry is valid."""
    kind = entry.kind
    errors = {}
    uploads = {key: upload for key, upload in (uploads or {}).items() if upload}
    try:
        entry.data = kind.clean_data(data, area_choices(user, entry.org) if choices is None else choices, uploads)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if entry.deadline is None:
        entry.deadline = kind.deadline_for(entry.occurred_on, entry.data) if entry.occurred_on else None
    try:
        actions.validate(entry, exclude=["data"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return list(uploads.items())


def _numbering_unit(org: OrgUnit) -> OrgUnit:
    """Whose numbers an entry takes: the town (street) it happened in; above towns, the unit itself."""
    if len(org.code) <= 9:
        return org
    return OrgUnit.objects.filter(code=org.code[:9]).first() or org


def assign_numbers(entries: list[LedgerEntry]) -> None:
    """Readable numbers for new entries (清河镇安全隐患〔2023〕5号): per town, kind and year of occurrence, following
    the highest number already given. Called inside the transaction that saves them."""
    from django.db.models import Max

    towns: dict[str, OrgUnit] = {}
    next_seq: dict[tuple, int] = {}
    for e in entries:
        if e.number:
            continue
        code = e.org.code[:9] if len(e.org.code) > 9 else e.org.code
        if code not in towns:
            towns[code] = _numbering_unit(e.org)
        town, year = towns[code], e.occurred_on.year
        key = (town.code, e.kind_id, year)
        if key not in next_seq:
            top = LedgerEntry.objects.within(town).filter(kind_id=e.kind_id, occurred_on__year=year) \
                .aggregate(m=Max("number_seq"))["m"] or 0
            next_seq[key] = top
        next_seq[key] += 1
        e.number_seq = next_seq[key]
        e.number = f"{town.name}{e.kind.name}〔{year}〕{e.number_seq}号"


def _store(entry: LedgerEntry, uploads: list) -> None:
    for key, upload in uploads:
        entry.data[key] = store_upload(upload, entry.kind.code)


def create_entry(user, kind: LedgerKind, org: OrgUnit, *, title: str, occurred_on: dt.date, responsible: str = "",
                 deadline: dt.date | None = None, data: dict | None = None, uploads: dict | None = None,
                 choices=None) -> LedgerEntry:
    """Register an entry at `org`: initial state, deadline from the kind's rule unless given, version 1."""
    actions.require(user, CHANGE, org, "您的角色无权在该单位登记台账")
    entry = LedgerEntry(kind=kind, org=org, title=title, occurred_on=occurred_on, responsible=responsible or "",
                        deadline=deadline, status=kind.initial_state, version=1, created_by=_by(user))
    _sync_state(entry)
    pending = _prepare(user, entry, data or {}, uploads, choices)
    _place(entry)
    with transaction.atomic(), acting_as(user):
        _store(entry, pending)
        assign_numbers([entry])
        entry.save()
        Transition.objects.create(entry=entry, from_state="", to_state=entry.status, by=_by(user),
                                  by_name=_name_of(user))
        record_aggregates(added=[aggregates.contribution(entry)])
    return entry


def _bump(entry: LedgerEntry, expected_version: int) -> None:
    """Compare-and-swap on the version: fails if someone saved the entry since `expected_version` was read."""
    bumped = LedgerEntry.objects.filter(pk=entry.pk, version=expected_version).update(version=F("version") + 1)
    if not bumped:
        current = LedgerEntry.objects.filter(pk=entry.pk).values_list("version", flat=True).first()
        raise ConflictError(
            f"保存失败：该记录已被他人修改（您编辑的是第 {expected_version} 版，当前为第 {current} 版）。"
            "请刷新页面查看最新内容后再修改，您的修改未保存。",
            code="conflict",
        )
    entry.version = expected_version + 1


def update_entry(user, entry: LedgerEntry, expected_version: int, *, org: OrgUnit, title: str,
                 occurred_on: dt.date, responsible: str = "", deadline: dt.date | None = None,
                 data: dict | None = None, uploads: dict | None = None, cleared: tuple = ()) -> LedgerEntry:
    """Edit an entry if nobody saved it since `expected_version`. Files not re-uploaded are kept unless `cleared`."""
    if not (entry.recorded_org and user_can(user, CHANGE, entry.recorded_org)):
        actions.require(user, CHANGE, entry.org)
    actions.require(user, CHANGE, org)
    kept_files = {f["key"]: entry.data[f["key"]] for f in entry.kind.fields
                  if f["type"] in FILE_TYPES and entry.data.get(f["key"]) and f["key"] not in cleared}
    if org != entry.org and org != entry.recorded_org:  # moved by hand: the chosen unit records it
        entry.recorded_org = None
    entry.org, entry.title, entry.occurred_on, entry.responsible = org, title, occurred_on, responsible or ""
    entry.deadline = deadline
    pending = _prepare(user, entry, {**kept_files, **(data or {})}, uploads,
                       area_choices(user, entry.recorded_org or org))
    _place(entry)
    with transaction.atomic(), acting_as(user):
        _bump(entry, expected_version)
        before = aggregates.stored_contribution(entry.pk)
        _sync_state(entry)
        _store(entry, pending)
        entry.save()
        record_aggregates(removed=[before], added=[aggregates.contribution(entry)])
    return entry


def delete_entry(user, entry: LedgerEntry) -> None:
    with transaction.atomic():
        before = aggregates.stored_contribution(entry.pk)
        actions.delete(user, entry)
        record_aggregates(removed=[before])


def allowed_transitions(user, entry: LedgerEntry) -> list[dict]:
    roles = roles_on(user, entry.org)
    return [t for t in entry.kind.transitions_from(entry.status) if roles & set(t["roles"])]


def transition(user, entry: LedgerEntry, to: str, note: str, expected_version: int) -> Transition:
    """Move to state `to` if the workflow and the user's role allow it; the note is required on some."""
    actions.require(user, CHANGE, entry.org)
    kind = entry.kind
    rule = next((t for t in kind.transitions_from(entry.status) if t["to"] == to), None)
    if rule is None:
        raise ValidationError(f"“{entry.status_label}”不能转为“{kind.state_label(to)}”，请刷新页面查看当前状态")
    label = rule.get("label") or kind.state_label(to)
    if not roles_on(user, entry.org) & set(rule["roles"]):
        raise PermissionDenied(f"您的角色无权执行“{label}”")
    note = (note or "").strip()
    if rule.get("note") and not note:
        raise ValidationError(f"执行“{label}”必须填写说明")
    step = Transition(entry=entry, from_state=entry.status, to_state=to, by=_by(user), by_name=_name_of(user),
                      note=note)
    actions.validate(step, exclude=["entry"])
    with transaction.atomic(), acting_as(user):
        _bump(entry, expected_version)
        before = aggregates.contribution(entry)
        entry.status = to
        _sync_state(entry)
        entry.save()
        step.save()
        record_aggregates(removed=[before], added=[aggregates.contribution(entry)])
    return step


def import_entries(user, kind: LedgerKind, rows: list[tuple[int, dict]], progress=None) -> list[LedgerEntry]:
    """Rows of an Excel sheet as (line number, {org, title, occurred_on, responsible, data, problems}): every row
    or none. Raises ValidationError with one "第 N 行：…" message per bad row (with the problems the reader
    found, e.g. an unknown unit)."""
    errors, ready = [], []
    choice_cache: dict[int, list] = {}
    for i, (line, row) in enumerate(rows):
        if progress is not None and i % 200 == 0:
            progress(30 + 60 * i / max(len(rows), 1), f"正在校验第 {i + 1:,} / {len(rows):,} 行")
        org, problems = row["org"], list(row.get("problems") or [])
        if org is None:
            errors.append(f"第 {line} 行：" + "；".join(problems))
            continue
        try:
            actions.require(user, CHANGE, org, f"单位“{org.name}”不在您可填报的范围内")
            if org.pk not in choice_cache:
                choice_cache[org.pk] = area_choices(user, org)
            entry = LedgerEntry(kind=kind, org=org, title=row["title"], occurred_on=row["occurred_on"],
                                responsible=row.get("responsible") or "", status=kind.initial_state, version=1,
                                created_by=_by(user))
            _sync_state(entry)
            if any(row["data"].get(f["key"]) for f in kind.fields if f["type"] in FILE_TYPES):
                raise ValidationError(NO_FILES_HERE)
            _prepare(user, entry, row["data"], None, choice_cache[org.pk])
            _place(entry)
        except (ValidationError, PermissionDenied) as exc:
            problems += exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        if problems:
            errors.append(f"第 {line} 行：" + "；".join(dict.fromkeys(problems)))
            continue
        ready.append(entry)
    if errors:
        raise ValidationError(errors)
    if not ready:
        raise ValidationError("表中没有数据行")
    if progress is not None:
        progress(92, f"正在保存 {len(ready):,} 条记录")
    with transaction.atomic(), acting_as(user):
        assign_numbers(ready)
        created = create_many(LedgerEntry, ready)
        Transition.objects.bulk_create([
            Transition(entry=e, from_state="", to_state=e.status, by=_by(user), by_name=_name_of(user))
            for e in created
        ])
        record_aggregates(added=[aggregates.contribution(e) for e in created])
    return created


def seed_entries(kind: LedgerKind, entries: list[LedgerEntry], histories: list[list[Transition]]) -> list[LedgerEntry]:
    """Demo and generated data: entries already in their final state with their transition history (one list
    per entry, `entry` unset). Each entry is validated like any other; rows and audit rows go in batches."""
    for entry in entries:
        entry.kind = kind
        _sync_state(entry)
        actions.validate(entry)
    with transaction.atomic():
        assign_numbers(sorted(entries, key=lambda e: (e.occurred_on, e.created_at)))
        created = create_many(LedgerEntry, entries)
        steps = []
        for entry, history in zip(created, histories):
            for step in history:
                step.entry = entry
                steps.append(step)
        Transition.objects.bulk_create(steps, batch_size=1000)
        record_aggregates(added=[aggregates.contribution(e) for e in created])
    return created


# -- kinds (county-wide configuration) ------------------------------------------------------------------------

def save_kind(user, kind: LedgerKind, definition: dict | None = None) -> LedgerKind:
    """Create or change a kind (a county administrator); a state still used by entries cannot be dropped."""
    actions.require_pack_admin(user)
    if definition is not None:
        kind.apply_definition(definition)
    if kind.pk:
        in_use = set(kind.entries.values_list("status", flat=True).order_by().distinct())
        kept = {s["code"] for s in kind.workflow.get("states", [])}
        if in_use - kept:
            raise ValidationError({"workflow": f"状态“{'、'.join(sorted(in_use - kept))}”仍有台账记录使用，不能删除"})
    actions.validate(kind)
    before = LedgerKind.objects.filter(pk=kind.pk).values_list("fields", "report").first() if kind.pk else None
    with transaction.atomic(), acting_as(user):
        kind.save()
        if before is not None and before != (kind.fields, kind.report):
            rebuild_aggregates([kind])  # its numeric fields and conditioned figures are what the aggregates keep
    return kind


def load_pack(user, name: str = "township") -> list[str]:
    """Create the pack's kinds that do not exist yet (never overwriting one an administrator changed)."""
    created = []
    with transaction.atomic():
        existing = set(LedgerKind.objects.values_list("code", flat=True))
        for d in read_pack(name):
            if d["code"] not in existing:
                created.append(save_kind(user, LedgerKind(), d).code)
    return created
