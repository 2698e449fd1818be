"""The org switcher on every page: which units it lists, and its search."""

from __future__ import annotations

from django.db.models import Q

from .models import Level, OrgUnit
from .scope import memberships

# Grids and stations are many and small; switching to them is done from their parent's page.
SWITCHER_LEVELS = [Level.COUNTY, Level.TOWN, Level.STREET, Level.DEPARTMENT, Level.VILLAGE, Level.COMMUNITY]
# A county has ≈ 400 units; a province ≈ 42,000 and the country ≈ 660,000, which no page can carry in a <select>
# (496 options cost every page of a county ≈ 75 ms of rendering on the national benchmark). Above this many, the
# switcher lists only the way to the current unit (its ancestors, itself and its children) and the user's own
# units; the others are found with the search (`core.views.org_search`, the unit list).
SWITCHER_LIMIT = 150


def switcher_orgs(user, current) -> tuple[list, bool]:
    """(units for the switcher, whether some visible units were left out), in code order, in two queries at most."""
    visible = OrgUnit.objects.visible_to(user).filter(level__in=SWITCHER_LEVELS).only("id", "name", "code", "level")
    units = list(visible.order_by("code")[: SWITCHER_LIMIT + 1])
    if len(units) <= SWITCHER_LIMIT:
        return units, False
    near = Q(pk__in=[m.org_id for m in memberships(user)])
    if current is not None:
        near |= Q(code__in=[current.code[:n] for n in range(6, len(current.code) + 1, 3)]) | Q(parent_id=current.pk)
    # no ORDER BY … LIMIT here: walking the code index for a few scattered units would read the whole tree
    near_units = sorted(visible.filter(near).order_by(), key=lambda o: o.code)
    return near_units[:SWITCHER_LIMIT], True
