"""Every write to indicators: values (the grid, the Excel upload, the API, the baseline import and the demo),
targets, period locks, and the catalogue (one indicator, or a whole pack).

Values: every cell is checked first (scope, period lock, number, range, a jump against last year); only when
all cells pass — and jumps are confirmed — are they saved, in one transaction, each save audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenwu.core import actions, fmt
from zhenwu.core.audit import acting_as, create_many, snapshot, update_many
from zhenwu.core.periods import Period
from zhenwu.core.scope import CHANGE, MANAGE, user_can

from . import figures
from .models import DataValue, Indicator, PeriodLock, Source, Target
from .packs import DEFAULT_PACK, PACK_FIELDS, PackError, pack_decimal, read_pack

PLACES = Decimal("0.0001")  # DataValue.value keeps 4 decimal places of the base unit
JUMP = Decimal(5)  # a value more than 5× or under 1/5 of last year's asks for confirmation


@dataclass
class Cell:
    indicator: Indicator
    org: object  # OrgUnit
    period: Period
    raw: str  # as typed, in the indicator's display unit; "" clears the value
    note: str | None = None  # None: keep the stored note
    source: str = Source.ENTERED
    where: str = ""  # how the user finds the cell: "第5行" / "泉湖村 2023年"
    base_value: Decimal | None = None  # set instead of raw when the value is already in the base unit

    @property
    def key(self) -> str:
        return f"{self.indicator.pk}|{self.org.pk}|{self.period.code}"


@dataclass
class Outcome:
    errors: dict[str, str] = field(default_factory=dict)  # cell key → reason
    warnings: dict[str, str] = field(default_factory=dict)  # cell key → why it needs a confirmation
    saved: int = 0
    where: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.warnings

    def messages(self) -> list[str]:
        return [f"{self.where.get(k, k)}：{m}" for k, m in {**self.errors, **self.warnings}.items()]


def _locks_for(pairs) -> dict:
    """The lock covering each (unit, period), set by the unit or any unit above it (the highest first), read in one
    query: {(unit pk, period): lock or None}."""
    pairs = list(pairs)
    above = {org.pk: {org.code[:n] for n in range(6, len(org.code) + 1, 3)} for org, _ in pairs}
    locks = list(PeriodLock.objects.filter(org__code__in=set().union(*above.values()),
                                           year__in={p.year for _, p in pairs}).select_related("org").order_by("org__code"))

    def covering(org, period):
        return next((lock for lock in locks if lock.org.code in above[org.pk] and lock.year == period.year
                     and lock.first_month <= period.first_month and lock.last_month >= period.last_month), None)
    return {(org.pk, period): covering(org, period) for org, period in pairs}


def write_block(user, org, period: Period) -> str | None:
    """Why `user` may not write `org`'s value for `period`, or None if they may (None: the system may)."""
    return write_blocks(user, [(org, period)])[(org.pk, period)]


def write_blocks(user, pairs) -> dict:
    """`write_block` of many (unit, period) pairs, the locks read in one query: {(unit pk, period): reason or None}."""
    pairs = list({(org.pk, period): (org, period) for org, period in pairs}.values())
    if user is None:
        return {(org.pk, period): None for org, period in pairs}
    allowed = [(org, period) for org, period in pairs if user_can(user, CHANGE, org)]
    locks = _locks_for(allowed) if allowed else {}
    out = {(org.pk, period): "您无权填报该单位的数据" for org, period in pairs}
    for org, period in allowed:
        lock = locks[(org.pk, period)]
        blocked = lock is not None and not user_can(user, MANAGE, lock.org)
        out[(org.pk, period)] = f"{lock.org.name}已报送{lock.period_obj.label}数据，该期间已锁定" if blocked else None
    return out


def parse_number(raw: str) -> Decimal:
    text = raw.strip().replace(",", "").replace("，", "").replace(" ", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"“{raw}”不是数字") from None
    if not number.is_finite():
        raise ValueError(f"“{raw}”不是数字")
    return number


def check(user, cells: list[Cell], confirmed: bool = False) -> tuple[Outcome, list[tuple[Cell, Decimal | None]]]:
    out = Outcome()
    ready: list[tuple[Cell, Decimal | None]] = []
    # last year's stored values for every cell, in one query
    last = {
        (v.indicator_id, v.org_id, v.period): v.value
        for v in DataValue.objects.filter(
            indicator__in={c.indicator.pk for c in cells},
            org__in={c.org.pk for c in cells},
            period__in={c.period.last_year().code for c in cells},
        )
    }
    blocks = write_blocks(user, ((c.org, c.period) for c in cells))
    for cell in cells:
        out.where[cell.key] = cell.where or f"{cell.org.name} {cell.period.label} {cell.indicator.name}"
        bkey = (cell.org.pk, cell.period)
        if blocks[bkey]:
            out.errors[cell.key] = blocks[bkey]
            continue
        ind = cell.indicator
        if cell.base_value is None and not cell.raw.strip():
            ready.append((cell, None))
            continue
        if cell.base_value is not None:
            value = cell.base_value
        else:
            try:
                value = ind.from_display(parse_number(cell.raw))
            except ValueError as e:
                out.errors[cell.key] = f"{e}（单位：{ind.shown_unit}）"
                continue
        if abs(value) >= Decimal(10) ** 16:
            out.errors[cell.key] = "数值过大"
            continue
        if cell.base_value is None and value != value.quantize(PLACES):
            # typed by someone: more places than are kept is refused, not silently rounded
            out.errors[cell.key] = f"小数位数过多（按{ind.unit or '基本单位'}最多保留 4 位小数）"
            continue
        value = value.quantize(PLACES)  # computed (e.g. last year derived from a growth rate): rounded
        if ind.min_value is not None and value < ind.min_value:
            out.errors[cell.key] = f"不能小于 {fmt.trimmed(ind.to_display(ind.min_value), 4)}{ind.shown_unit}"
            continue
        if ind.max_value is not None and value > ind.max_value:
            out.errors[cell.key] = f"不能大于 {fmt.trimmed(ind.to_display(ind.max_value), 4)}{ind.shown_unit}"
            continue
        before = last.get((ind.pk, cell.org.pk, cell.period.last_year().code))
        if not confirmed and before and value and (value > before * JUMP or value * JUMP < before):
            out.warnings[cell.key] = (
                f"与上年同期 {fmt.trimmed(ind.to_display(before), 4)}{ind.shown_unit} 相差 5 倍以上，请核实后确认"
            )
        ready.append((cell, value))
    return out, ready


def save_cells(user, cells: list[Cell], confirmed: bool = False) -> Outcome:
    """Check every cell; save all of them or none."""
    out, ready = check(user, cells, confirmed)
    if not out.ok:
        return out
    now = timezone.now()
    by = user if user is not None and user.pk else None
    with transaction.atomic(), acting_as(user):
        existing = {
            (v.indicator_id, v.org_id, v.period): v
            for v in DataValue.objects.select_for_update().filter(
                indicator__in={c.indicator.pk for c, _ in ready},
                org__in={c.org.pk for c, _ in ready},
                period__in={c.period.code for c, _ in ready},
            )
        } if ready else {}
        new, changed, before = [], [], {}
        for cell, value in ready:
            dv = existing.get((cell.indicator.pk, cell.org.pk, cell.period.code))
            if value is None:
                if dv is not None:
                    dv.delete()
                    out.saved += 1
                continue
            if dv is None:
                dv = DataValue(indicator=cell.indicator, org=cell.org, value=value)
                dv.set_period(cell.period)
                new.append(dv)
            elif dv.value == value and (cell.note is None or cell.note == dv.note):
                continue
            else:
                before[dv.pk] = snapshot(dv)
                changed.append(dv)
            dv.value = value
            if cell.note is not None:
                dv.note = cell.note[:200]
            dv.source = cell.source
            dv.updated_by = by
            dv.updated_at = now
            out.saved += 1
        # Two statements each for the new and the changed values, audit rows included (an import of 20,000
        # values holds the write lock for about a second, not a minute).
        create_many(DataValue, new)
        update_many(changed, ["value", "note", "source", "updated_by", "updated_at"], before)
        figures.forget((c.indicator.pk, c.org.pk, c.period.year) for c, _ in ready)
    return out


# -- targets and period locks -----------------------------------------------------------------------------------

def save_target(user, target: Target) -> Target:
    """Set a unit's yearly target (the unit's managers)."""
    return actions.save(user, target, MANAGE)


def lock_period(user, org, period: Period, note: str = "") -> PeriodLock:
    """Submit a period: below `org`, only those who may manage it can still change values."""
    lock = PeriodLock.objects.filter(org=org, period=period.code).first()
    if lock is not None:
        actions.require(user, MANAGE, org, LOCK_DENIED)
        return lock
    lock = PeriodLock(org=org, period=period.code, note=note)
    return actions.save(user, lock, MANAGE)


def unlock_period(user, org, period: Period) -> None:
    actions.require(user, MANAGE, org, LOCK_DENIED)
    lock = PeriodLock.objects.filter(org=org, period=period.code).first()
    if lock is not None:
        actions.delete(user, lock, MANAGE)


LOCK_DENIED = "只有本单位管理员可以报送锁定或解锁期间"


# -- the catalogue (county-wide configuration) --------------------------------------------------------------

def save_indicator(user, indicator: Indicator) -> Indicator:
    return actions.save(user, indicator)


def load_pack(user, source=DEFAULT_PACK) -> tuple[int, int]:
    """Create or update the catalogue from a pack, all or nothing (a county administrator, or the system).
    Returns (created, updated)."""
    actions.require_pack_admin(user)
    data = read_pack(source)
    errors: list[str] = []
    rows: list[tuple[str, dict]] = []
    seen: set[str] = set()
    for i, item in enumerate(data["indicators"], start=1):
        where = f"第 {i} 个指标"
        if not isinstance(item, dict) or not item.get("code"):
            errors.append(f"{where}缺少代码（code）")
            continue
        code = str(item["code"])
        if code in seen:
            errors.append(f"{where}代码“{code}”重复")
        seen.add(code)
        fields = {field: item[key] for key, field in PACK_FIELDS.items() if key in item}
        fields.setdefault("synonyms", [])
        fields.setdefault("formula", "")
        fields["min_value"] = pack_decimal(item.get("min", 0), f"{where}（{code}）下限", errors)
        fields["max_value"] = pack_decimal(item.get("max"), f"{where}（{code}）上限", errors)
        fields["sort"] = i * 10
        rows.append((code, fields))
    if errors:
        raise PackError(errors)
    created = updated = 0
    with transaction.atomic(), acting_as(user):
        existing = {i.code: i for i in Indicator.objects.filter(code__in=[code for code, _ in rows])}
        changed = []
        for code, fields in rows:
            obj = existing.get(code) or Indicator(code=code)
            if obj.pk is None or any(getattr(obj, k) != v for k, v in fields.items()):
                for k, v in fields.items():
                    setattr(obj, k, v)
                changed.append(obj)
        _check(changed, "clean_fields")
        for obj in changed:
            created += obj.pk is None
            updated += obj.pk is not None
            obj.save()
        # Formulas are checked once every code exists, so they may name indicators later in the pack;
        # leaving the atomic block by the exception undoes the saves.
        _check(changed, "clean")
    return created, updated


def _check(indicators: list, method: str) -> None:
    """Run a validation method on every indicator and raise one PackError listing all the problems."""
    errors = []
    for obj in indicators:
        try:
            getattr(obj, method)()
        except ValidationError as e:
            errors.extend(f"{obj.code}：{m}" for m in e.messages)
    if errors:
        raise PackError(errors)


def seed(values: list[DataValue], targets: list[Target], locks: list[PeriodLock]) -> None:
    """Demo and generated data: records not there yet are validated and inserted in batches with their audit rows
    (a second run finds them all and adds nothing)."""
    for model, rows, key in ((DataValue, values, ("indicator_id", "org_id", "period")),
                             (Target, targets, ("indicator_id", "org_id", "year")),
                             (PeriodLock, locks, ("org_id", "period"))):
        have = set(model.objects.filter(org__in={r.org_id for r in rows}).values_list(*key))
        new = [r for r in rows if tuple(getattr(r, k) for k in key) not in have]
        for row in new:
            actions.validate(row, exclude=["indicator", "org"])
        create_many(model, new)
        if model is DataValue:
            figures.forget((v.indicator_id, v.org_id, v.year) for v in new)
