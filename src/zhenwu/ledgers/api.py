"""Ledgers API: kinds, entries (the list page's FilterSet), create, transition, and statistics."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.responses import Status

from zhenwu.core.audit import log_event
from zhenwu.core.models import AuditLog, OrgUnit
from zhenwu.core.pii import PII_TYPES, mask
from zhenwu.core.roles import may_see_pii
from zhenwu.core.scope import CHANGE, get_scoped_or_404
from zhenwu.ledgers import actions
from zhenwu.ledgers.filtersets import LedgerEntryFilterSet
from zhenwu.ledgers.models import ConflictError, LedgerEntry, LedgerKind
from zhenwu.ledgers.schema import FILE_TYPES
from zhenwu.ledgers.stats import stats
from zhenwu.ledgers.tables import EntryTable

router = Router(tags=["台账"])


class KindOut(Schema):
    code: str
    name: str
    category: str
    fields: list
    workflow: dict
    deadline: dict | None
    report: dict


class EntryOut(Schema):
    id: int
    kind: str
    ref: str
    number: str
    org_code: str
    org_name: str
    title: str
    occurred_on: dt.date
    status: str
    status_label: str
    closed: bool
    deadline: dt.date | None
    overdue: bool
    responsible: str
    data: dict
    version: int
    display: dict[str, str] = {}  # the list page's columns as it shows them (ledgers.tables.EntryTable)


class EntryIn(Schema):
    kind: str
    org_code: str
    title: str
    occurred_on: dt.date
    responsible: str = ""
    deadline: dt.date | None = None
    data: dict = {}


class TransitionIn(Schema):
    to: str
    note: str = ""
    version: int


class EntryFilters(Schema):
    kind: str | None = None
    org: str | None = None
    status: str | None = None
    period: str | None = None
    open: bool | None = None
    overdue: bool | None = None
    q: str | None = None


def _out(entry: LedgerEntry, user, revealed: list | None = None) -> dict:
    """An entry as the API shows it: 身份证号 and phones masked unless the role may see them (then the entry goes
    into `revealed`, and the request is logged by `_log_revealed`)."""
    reveal = may_see_pii(user, entry.org)
    data = {}
    for f in entry.kind.fields:
        value = entry.data.get(f["key"])
        if value is None:
            continue
        if f["type"] in PII_TYPES:
            if reveal and revealed is not None and (not revealed or revealed[-1] is not entry):
                revealed.append(entry)
            value = str(value) if reveal else mask(f["type"], value)
        data[f["key"]] = value
    return {
        "id": entry.pk, "kind": entry.kind.code, "ref": entry.ref, "number": entry.number, "org_code": entry.org.code, "org_name": entry.org.name,
        "title": entry.title, "occurred_on": entry.occurred_on, "status": entry.status, "status_label": entry.status_label,
        "closed": entry.closed, "deadline": entry.deadline, "overdue": entry.is_overdue, "responsible": entry.responsible,
        "data": data, "version": entry.version,
    }


@router.get("/kinds", response=list[KindOut], summary="台账类型（字段、流程、期限规则、统计口径）")
def list_kinds(request):
    return LedgerKind.objects.filter(active=True)


@router.get("/entries", response=list[EntryOut], summary="台账记录（筛选同列表页；最多 500 条，身份证号、电话按角色脱敏）")
def list_entries(request, filters: Query[EntryFilters], offset: int = Query(0, ge=0, le=10_000_000)):
    qs = LedgerEntry.objects.visible_to(request.user).select_related("kind", "org")
    params = {k: v for k, v in filters.dict().items() if v is not None}
    fs = LedgerEntryFilterSet(params, queryset=qs)
    entries = fs.qs  # filtering may add errors (a bad period) to the form
    if fs.form.errors:
        raise ValidationError([m for msgs in fs.form.errors.values() for m in msgs])
    page = list(entries[offset:offset + 500])
    table = EntryTable(page, kind=fs.selected_kind, request=request)
    revealed: list = []
    out = [{**_out(e, request.user, revealed), "display": table.display(e)} for e in page]
    _log_revealed(request, revealed)
    return out


def _log_revealed(request, revealed: list) -> None:
    if revealed:
        first = revealed[0]
        text = f"通过 API 查看{first}的身份证号、电话" if len(revealed) == 1 else \
            f"通过 API 查看 {len(revealed)} 条台账的身份证号、电话"
        log_event(request.user, AuditLog.VIEW, LedgerEntry, first.pk if len(revealed) == 1 else "*", text,
                  first.org.code, {"ids": [e.pk for e in revealed[:500]]})


@router.get("/entries/{entry_id}", response=EntryOut)
def get_entry(request, entry_id: int):
    entry = get_scoped_or_404(LedgerEntry.objects.select_related("kind", "org"), request.user, pk=entry_id)
    revealed: list = []
    out = _out(entry, request.user, revealed)
    _log_revealed(request, revealed)
    return out


@router.post("/entries", response={201: EntryOut}, summary="登记台账（附件请在网页上传）")
def create_entry(request, payload: EntryIn):
    kind = get_object_or_404(LedgerKind, code=payload.kind, active=True)
    org = get_scoped_or_404(OrgUnit.objects.all(), request.user, code=payload.org_code)
    if any(payload.data.get(f["key"]) for f in kind.fields if f["type"] in FILE_TYPES):
        raise ValidationError(actions.NO_FILES_HERE)
    entry = actions.create_entry(request.user, kind, org, title=payload.title, occurred_on=payload.occurred_on,
                                 responsible=payload.responsible, deadline=payload.deadline, data=payload.data)
    return Status(201, _out(entry, request.user))


@router.post("/entries/{entry_id}/transition", response={200: EntryOut, 409: dict}, summary="办理（流转状态）")
def transition(request, entry_id: int, payload: TransitionIn):
    entry = get_scoped_or_404(LedgerEntry.objects.select_related("kind", "org"), request.user, CHANGE, pk=entry_id)
    try:
        actions.transition(request.user, entry, payload.to, payload.note, payload.version)
    except ConflictError as exc:
        return Status(409, {"detail": exc.messages[0]})
    revealed: list = []
    out = _out(entry, request.user, revealed)
    _log_revealed(request, revealed)
    return Status(200, out)


@router.get("/stats", summary="台账统计：某类台账 × 单位及下级 × 期间",
            description="as_of（日期，可选）：按该日结束时各条记录所处的状态统计，如期末数（2023-12-31）；默认为当前状态。")
def ledger_stats(request, kind: str, org: str, period: str | None = None, as_of: dt.date | None = None):
    unit = get_scoped_or_404(OrgUnit.objects.all(), request.user, code=org)
    return stats(get_object_or_404(LedgerKind, code=kind), unit, period, as_of=as_of).as_dict()
