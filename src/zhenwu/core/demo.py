"""The demo county 示例县: its org tree and accounts, modelled on the corpus reports.

Idempotent: every row is looked up by its natural key first, so a second run changes nothing.
"""

from __future__ import annotations

import functools
import hashlib

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from .actions import ensure
from .models import Level, Membership, OrgUnit, UnitType
from .roles import Role

DEMO_PASSWORD = "zhenwu-demo"
COUNTY_CODE = "990102"

STATIONS = ["安监站", "综治中心", "农业服务中心", "民政办", "乡村振兴办", "河长办"]
QINGHE_VILLAGES = ["泉湖村", "古城村", "堰市村", "四季村", "金塘村", "洪冲村", "大屋村", "石咀村", "枫林村", "桃园村", "黄岭村"]
SHILING_VILLAGES = [
    "石岭村", "河湾村", "柳沟村", "杨庄村", "马家村", "王家沟村", "红崖村", "新庄村", "李家湾村", "张家川村", "东岔村", "西坪村",
]
CHENGGUAN_COMMUNITIES = [
    "木灵州社区", "镇河塔社区", "谢家井社区", "东盛街社区", "镇河社区", "南门社区", "北门社区", "西关社区",
    "东关社区", "文昌社区", "新华社区", "滨江社区", "育才社区", "城南社区", "和平社区",
]
DEPARTMENTS = ["县应急管理局", "县农业农村局", "县民政局"]
# Departments whose reports the corpus has (seed 004): their business picks their report outline.
TYPED_DEPARTMENTS = [("县财政局", UnitType.FINANCE), ("县供销社", UnitType.SUPPLY_COOP)]
FINANCE_CODE, SUPPLY_CODE = f"{COUNTY_CODE}404", f"{COUNTY_CODE}405"

# (username, display name, org code, role); printed by `zhenwu demo` and listed in the README.
ACCOUNTS = [
    ("admin", "县级管理员", COUNTY_CODE, Role.COUNTY_ADMIN),
    ("leader", "县领导", COUNTY_CODE, Role.LEADER),
    ("ducha", "县督查室", COUNTY_CODE, Role.INSPECTOR),
    ("qinghe", "清河镇党政办", "990102101", Role.TOWN_ADMIN),
    ("qinghe-aj", "清河镇安监站", "990102101", Role.STATION),
    ("qinghe-cun", "泉湖村村委会", "990102101201", Role.VILLAGE),
    ("shiling", "石岭镇党政办", "990102102", Role.TOWN_ADMIN),
    ("shiling-aj", "石岭镇安监站", "990102102", Role.STATION),
    ("shiling-wg", "石岭村第一网格网格员", "990102102201001", Role.GRID),
    ("chengguan", "城关街道党政办", "990102001", Role.TOWN_ADMIN),
    ("caizheng", "县财政局办公室", FINANCE_CODE, Role.DEPARTMENT),
    ("gongxiao", "县供销社办公室", SUPPLY_CODE, Role.DEPARTMENT),
]


def _size(code: str, low: int, high: int) -> int:
    """A stable pseudo-random size for a unit, so demo data is the same on every machine."""
    return low + int(hashlib.sha1(code.encode()).hexdigest()[:8], 16) % (high - low + 1)


def _unit(code: str, name: str, level: str, parent: OrgUnit | None, **extra) -> OrgUnit:
    org, _ = ensure(None, OrgUnit, code=code, defaults={"name": name, "level": level, "parent": parent, **extra})
    return org


def _populated(code: str, name: str, level: str, parent: OrgUnit) -> OrgUnit:
    people = _size(code, 900, 3800)
    return _unit(code, name, level, parent, population=people, households=people * 10 // 33)


def build_tree() -> OrgUnit:
    county = _unit(COUNTY_CODE, "示例县", Level.COUNTY, None)
    for i, name in enumerate(DEPARTMENTS, start=1):
        _unit(f"{COUNTY_CODE}4{i:02d}", name, Level.DEPARTMENT, county)
    for i, (name, unit_type) in enumerate(TYPED_DEPARTMENTS, start=len(DEPARTMENTS) + 1):
        _unit(f"{COUNTY_CODE}4{i:02d}", name, Level.DEPARTMENT, county, unit_type=unit_type)

    qinghe = _unit(f"{COUNTY_CODE}101", "清河镇", Level.TOWN, county)
    _populated(f"{qinghe.code}001", "清河社区", Level.COMMUNITY, qinghe)
    for i, name in enumerate(QINGHE_VILLAGES, start=1):
        village = _populated(f"{qinghe.code}{200 + i}", name, Level.VILLAGE, qinghe)
        for g in (1, 2):
            _unit(f"{village.code}{g:03d}", f"{name}第{'一二'[g - 1]}网格", Level.GRID, village)

    shiling = _unit(f"{COUNTY_CODE}102", "石岭镇", Level.TOWN, county)
    for i, name in enumerate(SHILING_VILLAGES, start=1):
        village = _populated(f"{shiling.code}{200 + i}", name, Level.VILLAGE, shiling)
        grids = 2 if i == 1 else 1  # the market-town village has two grids: 13 in all, as seed 001 reports
        for g in range(1, grids + 1):
            _unit(f"{village.code}{g:03d}", f"{name}第{'一二'[g - 1]}网格", Level.GRID, village)

    chengguan = _unit(f"{COUNTY_CODE}001", "城关街道", Level.STREET, county)
    for i, name in enumerate(CHENGGUAN_COMMUNITIES, start=1):
        community = _populated(f"{chengguan.code}{i:03d}", name, Level.COMMUNITY, chengguan)
        grids = 11 if i <= 5 else 10  # 155 grids, as seed 004 reports
        for g in range(1, grids + 1):
            _unit(f"{community.code}{g:03d}", f"{name}{g}号网格", Level.GRID, community)

    for town in (qinghe, shiling, chengguan):
        for i, name in enumerate(STATIONS, start=1):
            _unit(f"{town.code}4{i:02d}", f"{town.name}{name}", Level.STATION, town)
    return county


@functools.cache
def _demo_password_hash() -> str:
    # Hashed once and shared by the demo accounts: each PBKDF2 hash takes ~0.3 s, and there are 23 accounts.
    return make_password(DEMO_PASSWORD)


def _account(username: str, full_name: str, org: OrgUnit, role: str) -> None:
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": full_name, "password": _demo_password_hash()}
    )
    ensure(None, Membership, user=user, org=org, defaults={"role": role})


def build_accounts() -> None:
    for username, full_name, code, role in ACCOUNTS:
        _account(username, full_name, OrgUnit.objects.get(code=code), role)
    # Every grid of 石岭镇 has its own 网格员 (shiling-wg, shiling-wg2 … shiling-wg13).
    grids = OrgUnit.objects.filter(code__startswith=f"{COUNTY_CODE}102", level=Level.GRID).order_by("code")
    for n, grid in enumerate(grids, start=1):
        if n > 1:
            _account(f"shiling-wg{n}", f"{grid.name}网格员", grid, Role.GRID)


def load() -> OrgUnit:
    county = build_tree()
    build_accounts()
    return county


# -- "today" of the demo ------------------------------------------------------------------------------------
# The corpus gives closed years (2023); the demo adds a current year whose records run up to today, so a clerk
# opening it on any date sees plausible open and overdue work. These helpers place such records in time.
CORPUS_YEAR = 2023


def stable(*parts, modulo: int = 100) -> int:
    """A number 0 … modulo−1 fixed by `parts`: the same demo on every machine and every run."""
    return int(hashlib.sha1("/".join(map(str, parts)).encode()).hexdigest()[:6], 16) % modulo


def elapsed_months(today, recent: int = 0) -> tuple[int, int]:
    """Months of this year up to today's: all of them, or (recent > 0) only the last `recent` ones."""
    first = max(1, today.month - recent + 1) if recent else 1
    return first, today.month


def not_after(day, today):
    """Nothing in the demo happens after today."""
    return min(day, today)
