"""Roles a user holds on an org unit, and what each may do. The one place that says so."""

from django.db import models


class Role(models.TextChoices):
    COUNTY_ADMIN = "county_admin", "县级管理员"
    TOWN_ADMIN = "town_admin", "乡镇管理员（党政办）"
    STATION = "station", "站所/科室"
    DEPARTMENT = "department", "县直部门"
    VILLAGE = "village", "村（社区）"
    GRID = "grid", "网格员"
    LEADER = "leader", "领导（只读）"
    INSPECTOR = "inspector", "县级督查（只读全县）"


# Roles that may change records inside their subtree; the others only read.
WRITE_ROLES = frozenset({Role.COUNTY_ADMIN, Role.TOWN_ADMIN, Role.DEPARTMENT, Role.STATION, Role.VILLAGE, Role.GRID})
# Roles that may manage org units and user accounts inside their subtree.
MANAGE_ROLES = frozenset({Role.COUNTY_ADMIN, Role.TOWN_ADMIN})
# Who may read 身份证号 and phone numbers unmasked (pages and exports): the staff who handle the cases
# (station, village clerks) and the administrators; 网格员, leaders and inspectors see them masked.
PII_ROLES = frozenset({Role.COUNTY_ADMIN, Role.TOWN_ADMIN, Role.STATION, Role.VILLAGE})


def roles_on(user, org) -> set[str]:
    """The roles `user` holds on `org` through memberships on it or an ancestor (superuser: every role)."""
    from .scope import memberships

    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return {r.value for r in Role}
    return {m.role for m in memberships(user) if org.code.startswith(m.org.code)}


# The home page each role lands on (`core.home`): what a 网格员, a village, a station, a town and a reader need first.
GRID_HOME, VILLAGE_HOME, STATION_HOME, TOWN_HOME, READER_HOME = "grid", "village", "station", "town", "reader"
_HOME_OF = [  # the first role held decides: an administrator who is also a reader works as an administrator
    (Role.COUNTY_ADMIN, TOWN_HOME), (Role.TOWN_ADMIN, TOWN_HOME), (Role.STATION, STATION_HOME),
    (Role.VILLAGE, VILLAGE_HOME), (Role.GRID, GRID_HOME), (Role.LEADER, READER_HOME), (Role.INSPECTOR, READER_HOME),
]


def home_of(user, org) -> str:
    """Which home `user` sees for `org`."""
    held = roles_on(user, org)
    return next((home for role, home in _HOME_OF if role in held), READER_HOME)


def may_see_pii(user, org) -> bool:
    """Whether `user` may ask to see personal data of `org`'s records unmasked."""
    return bool(roles_on(user, org) & PII_ROLES)


def grantable_roles(user) -> frozenset:
    """Roles a manager may hand out: a county admin any, a town admin anything but the county-wide ones."""
    from .scope import memberships

    if user.is_superuser or any(m.role == Role.COUNTY_ADMIN for m in memberships(user)):
        return frozenset(Role)
    if any(m.role == Role.TOWN_ADMIN for m in memberships(user)):
        return frozenset(Role) - {Role.COUNTY_ADMIN, Role.INSPECTOR, Role.DEPARTMENT}
    return frozenset()


PACK_ADMIN_MESSAGE = "只有县级管理员可以修改全县的配置（指标目录、台账类型、报告提纲）"


def configures_packs(user) -> bool:
    """Who may change the county-wide configuration (indicator catalogue, ledger kinds, report outlines):
    a superuser or a county administrator."""
    from .scope import memberships

    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or any(m.role == Role.COUNTY_ADMIN for m in memberships(user)))
