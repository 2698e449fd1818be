"""A real org tree from the National Bureau of Statistics' 统计用区划代码 (2023 edition: 41,353 township-level
units, 620,574 villages and communities), shipped with the project as compressed CSV (from the china-division
package, see `divisions/LICENSE.china-division`) because government intranets are offline.

The statistical codes are Zhenwu's codes: a county has 6 digits, a 乡镇/街道 9, a 村/社区 12, so a subtree is a
code prefix exactly as the data scope expects. `load(code)` creates a county (or one township with its county)
and every village below it, idempotently; grids and stations added later take codes that never collide
(`OrgUnit.next_child_code`). `load_region(code)` does the same for a province (2 digits) or the whole country
(`all`) in bulk: one INSERT per few thousand units with their audit rows (`core.actions.create_units`), every
county a root of the tree, in one transaction.
"""

from __future__ import annotations

import csv
import io
import lzma
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

from .models import AuditLog, Level, OrgUnit

DATA = Path(__file__).resolve().parent / "divisions"
_SUFFIXES = ("居民委员会", "村民委员会", "居委会", "村委会", "委员会")


class DivisionError(ValueError):
    """A code that names no county or township; the message is for the user."""


def rows(name: str):
    """The rows of one table (provinces, cities, areas, streets, villages) as dicts, streamed."""
    with lzma.open(DATA / f"{name}.csv.xz", "rb") as raw:
        yield from csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))


def short_name(name: str) -> str:
    """"多福巷社区居委会" → "多福巷社区", "石岭村委会" → "石岭村": the names the reports use."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            return stem if stem.endswith(("社区", "村", "居", "场", "队")) else stem + ("村" if "村" in suffix else "社区")
    return name


def township_level(name: str) -> str:
    return Level.STREET if name.endswith("街道") or name.endswith("街道办事处") else Level.TOWN


def village_level(name: str) -> str:
    return Level.VILLAGE if "村" in name and "社区" not in name else Level.COMMUNITY


@dataclass
class Loaded:
    county: OrgUnit
    created: int
    existing: int


COUNTRY = "all"


def is_region(code: str) -> bool:
    """A province (2 digits) or the whole country: loaded in bulk by `load_region`."""
    code = (code or "").strip().lower()
    return code == COUNTRY or (code.isdigit() and len(code) == 2)


def find_region(code: str) -> tuple[str, str]:
    """(code prefix, name) of a 2-digit province code or `all` (the country: prefix "")."""
    code = (code or "").strip().lower()
    if code == COUNTRY:
        return "", "全国"
    province = next((r for r in rows("provinces") if r["code"] == code), None)
    if province is None:
        raise DivisionError(f"找不到省级区划“{code}”（2023 年统计用区划代码）")
    return code, province["name"]


def find(code: str) -> tuple[dict, dict | None]:
    """(county row, township row or None) for a 6-digit county or 9-digit township code."""
    code = (code or "").strip()
    if not code.isdigit() or len(code) not in (6, 9):
        raise DivisionError(f"区划代码“{code}”应为 6 位（县级）或 9 位（乡级）数字，例如 420102 或 420102001；"
                            f"省级用 2 位代码（如 42），全国用 all")
    county = next((r for r in rows("areas") if r["code"] == code[:6]), None)
    if county is None:
        raise DivisionError(f"找不到县级区划“{code[:6]}”（2023 年统计用区划代码）")
    if len(code) == 6:
        return county, None
    town = next((r for r in rows("streets") if r["code"] == code), None)
    if town is None:
        raise DivisionError(f"找不到乡级区划“{code}”（2023 年统计用区划代码）")
    return county, town


def load(code: str, actor=None) -> Loaded:
    """Create the county (or one township and its county) with every 乡镇/街道 and 村/社区 below, through the
    write path; units already present (by code) are left as they are."""
    from .actions import ensure

    county_row, town_row = find(code)
    prefix = town_row["code"] if town_row else county_row["code"]
    towns = [town_row] if town_row else [r for r in rows("streets") if r["areaCode"] == county_row["code"]]
    villages = [r for r in rows("villages") if r["code"].startswith(prefix)]
    created = existing = 0
    with transaction.atomic():
        county, new = ensure(actor, OrgUnit, code=county_row["code"],
                             defaults={"name": county_row["name"], "level": Level.COUNTY, "parent": None})
        created, existing = created + new, existing + (not new)
        by_code = {county.code: county}
        for r in towns:
            unit, new = ensure(actor, OrgUnit, code=r["code"], defaults={
                "name": r["name"], "level": township_level(r["name"]), "parent": county})
            by_code[unit.code] = unit
            created, existing = created + new, existing + (not new)
        for r in villages:
            name = short_name(r["name"])
            _, new = ensure(actor, OrgUnit, code=r["code"], defaults={
                "name": name[:64], "level": village_level(name), "parent": by_code[r["streetCode"]]})
            created, existing = created + new, existing + (not new)
    return Loaded(county, created, existing)


@dataclass
class LoadedRegion:
    name: str
    created: int
    existing: int


def load_region(code: str, actor=None, batch: int = 5000) -> LoadedRegion:
    """Every county of a province (or of the country, `all`) with its 乡镇/街道 and 村/社区, in bulk and in one
    transaction: each county is a root (the org tree has no level above the county; a provincial user is a member
    of its counties). Units already present (by code) are left as they are, so a second run creates nothing."""
    from .actions import create_units

    prefix, name = find_region(code)
    units = OrgUnit.objects.filter(code__startswith=prefix) if prefix else OrgUnit.objects.all()
    created = existing = 0
    with transaction.atomic():
        have = set(units.values_list("code", flat=True))

        def insert(new: list[OrgUnit]) -> None:
            for i in range(0, len(new), batch):
                create_units(actor, new[i:i + batch])

        def ids(levels) -> dict[str, int]:
            return dict(units.filter(level__in=levels).values_list("code", "id"))

        # counties, then townships under them, then villages: each level's parents read back by code in one query
        tables = [
            ("areas", lambda r, parents: OrgUnit(code=r["code"], name=r["name"][:64], level=Level.COUNTY), None),
            ("streets", lambda r, parents: OrgUnit(code=r["code"], name=r["name"][:64], level=township_level(r["name"]),
                                                   parent_id=parents[r["areaCode"]]), [Level.COUNTY]),
            ("villages", lambda r, parents: _village(r, parents[r["streetCode"]]), [Level.TOWN, Level.STREET]),
        ]
        for table, make, parent_levels in tables:
            parents = ids(parent_levels) if parent_levels else {}
            new: list[OrgUnit] = []
            for r in rows(table):
                if not r["code"].startswith(prefix):
                    continue
                if r["code"] in have:
                    existing += 1
                    continue
                new.append(make(r, parents))
                if len(new) >= batch * 4:
                    insert(new)
                    created += len(new)
                    new = []
            insert(new)
            created += len(new)
    if created and connection.vendor == "postgresql":
        with connection.cursor() as cur:  # fresh statistics, or the planner guesses from an empty table
            cur.execute(f"ANALYZE {OrgUnit._meta.db_table}, {AuditLog._meta.db_table}")
    return LoadedRegion(name, created, existing)


def _village(r: dict, parent_id: int) -> OrgUnit:
    name = short_name(r["name"])[:64]
    return OrgUnit(code=r["code"], name=name, level=village_level(name), parent_id=parent_id)
