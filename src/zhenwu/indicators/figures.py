"""Resolved indicator figures kept in the database (`models.Figure`): the pre-computed roll-ups that let a county
dashboard read a few rows instead of walking county → towns → villages.

`services.values_many` reads them first and computes only what is missing, then keeps what it computed. Every
write that can change a figure forgets it in its own transaction: a value forgets its indicator (and every
indicator whose formula uses it, at any depth) for its unit and the units above it, for its year; a change of
the catalogue or of the unit tree (a unit's population weights ratios) forgets them all.

A figure computed while a write was committing must not be kept: the reader notes the epoch (`FigureEpoch`) before
it reads, and keeps its figures only if the epoch is unchanged once it holds the epoch row's lock; a write bumps
the epoch (taking that lock) before it forgets.
"""

from __future__ import annotations

from contextlib import contextmanager
from decimal import Decimal

from django.db import OperationalError, connection, transaction
from django.db.models import F

from . import formula as formulas
from .models import Figure, FigureEpoch, Indicator

EPOCH = 1  # the primary key of the one epoch row


def epoch() -> int:
    n = FigureEpoch.objects.filter(pk=EPOCH).values_list("n", flat=True).first()
    return FigureEpoch.objects.get_or_create(pk=EPOCH)[0].n if n is None else n


def read(inds: dict, orgs: list, periods: list) -> dict:
    """{(code, org pk, period code): value} of the kept figures among these."""
    code_of = {ind.pk: code for code, ind in inds.items()}
    rows = Figure.objects.filter(indicator_id__in=list(code_of), org_id__in=[o.pk for o in orgs],
                                 period__in=[p.code for p in periods]).values_list("indicator_id", "org_id",
                                                                                   "period", "value")
    return {(code_of[i], o, p): Decimal(v) if v else None for i, o, p, v in rows}


def keep(seen_epoch: int, computed: dict, inds: dict) -> None:
    """Keep freshly computed figures, unless a write changed figures since `seen_epoch` was read. Never waits for
    a writer (a 20,000-value import holds its transaction for half a minute): the page that computed the figures
    answers at once and keeps nothing; a later one keeps them."""
    if not computed:
        return
    try:
        with _not_waiting(), transaction.atomic():
            now = FigureEpoch.objects.select_for_update(nowait=True).filter(pk=EPOCH).values_list("n", flat=True) \
                .first()
            if now != seen_epoch:
                return
            _insert([(inds[code].pk, org, period, int(period[:4]), "" if v is None else str(v))
                     for (code, org, period), v in computed.items()])
    except OperationalError:  # the epoch row (PostgreSQL) or the database (SQLite) is held by a writer
        return


def _insert(rows: list[tuple], batch: int = 1000) -> None:
    """Plain multi-row INSERTs: a county's walk computes figures by the ten thousand, and building a model instance
    and its SQL for each (`bulk_create`) cost more than computing it."""
    sql = f'INSERT INTO "{Figure._meta.db_table}" (indicator_id, org_id, period, year, value) VALUES '
    with connection.cursor() as cur:
        for at in range(0, len(rows), batch):
            part = rows[at:at + batch]
            cur.execute(sql + ", ".join(["(%s, %s, %s, %s, %s)"] * len(part)) + " ON CONFLICT DO NOTHING",
                        [x for row in part for x in row])


@contextmanager
def _not_waiting():
    """SQLite takes its write lock when the transaction begins (IMMEDIATE) and waits `busy_timeout` for it; `NOWAIT`
    is PostgreSQL's alone. Inside a transaction that already holds the lock there is nothing to wait for."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cur:
        cur.execute("PRAGMA busy_timeout")
        waited = cur.fetchone()[0]
        cur.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        with connection.cursor() as cur:
            cur.execute(f"PRAGMA busy_timeout = {int(waited)}")


def _bump() -> None:
    if not FigureEpoch.objects.filter(pk=EPOCH).update(n=F("n") + 1):
        FigureEpoch.objects.get_or_create(pk=EPOCH)


def forget(changes) -> None:
    """After values were written, in the same transaction: `changes` are (indicator id, unit id, year)."""
    from zhenwu.core.models import OrgUnit

    changes = set(changes)
    if not changes:
        return
    _bump()
    users = _users_of({i for i, _, _ in changes})
    code_of = dict(OrgUnit.objects.filter(pk__in={o for _, o, _ in changes}).values_list("pk", "code"))
    by_year: dict[int, tuple[set, set]] = {}
    for i, org, year in changes:
        ids, codes = by_year.setdefault(year, (set(), set()))
        ids |= users[i]
        code = code_of.get(org, "")
        codes |= {code[:n] for n in range(1, len(code) + 1)}  # the unit and every unit above it
    for year, (ids, codes) in by_year.items():
        Figure.objects.filter(year=year, indicator_id__in=ids,
                              org_id__in=OrgUnit.objects.filter(code__in=codes).values("pk")).delete()


def forget_all() -> None:
    """After a change of the catalogue or of the unit tree."""
    _bump()
    Figure.objects.all().delete()


def _users_of(ids: set) -> dict[int, set]:
    """Each indicator id with the ids of every indicator whose formula refers to it, at any depth."""
    catalogue = list(Indicator.objects.values_list("pk", "code", "formula"))
    pk_of = {code: pk for pk, code, _ in catalogue}
    used_by: dict[int, set] = {}
    for pk, _, text in catalogue:
        if text:
            try:
                refs = formulas.references(text)
            except formulas.FormulaError:
                continue
            for ref in refs:
                if ref in pk_of:
                    used_by.setdefault(pk_of[ref], set()).add(pk)
    out = {}
    for start in ids:
        seen, todo = {start}, [start]
        while todo:
            for user in used_by.get(todo.pop(), ()):
                if user not in seen:
                    seen.add(user)
                    todo.append(user)
        out[start] = seen
    return out


def connect() -> None:
    """A change of the catalogue or of the unit tree forgets through signals (units are saved by core, which knows
    nothing of indicators). Values need none: their one write path (`actions.save_cells`, `actions.seed`) forgets
    once per batch."""
    from django.db.models.signals import post_delete, post_save

    from zhenwu.core.models import OrgUnit

    for signal in (post_save, post_delete):
        for model in (Indicator, OrgUnit):
            signal.connect(_tree_written, sender=model, dispatch_uid=f"figures-{model.__name__}-{signal is post_save}")


def _tree_written(sender, instance, **kwargs):
    forget_all()
