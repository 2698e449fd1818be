"""The points' part of a role's home: a 网格员's (or a village's) households by points balance, with the button to
record points; rows are the unit's own households only (the scope helper)."""

from __future__ import annotations

from django.urls import reverse

from zhenwu.core.roles import GRID_HOME, VILLAGE_HOME

from .models import Household

ROWS = 12


def panels(request, home: str) -> list[dict]:
    if home not in (GRID_HOME, VILLAGE_HOME):
        return []
    households = Household.objects.visible_to(request.user, within=request.org)
    top = list(households.select_related("org").order_by("-balance", "id")[:ROWS])
    rows = [{"label": h.head, "url": h.get_absolute_url(), "note": f"{h.org.name} · 积分余额 {h.balance}"}
            for h in top]
    title = "本网格农户积分" if home == GRID_HOME else "本村农户积分"
    if top:
        title += f"（{households.count()} 户，按余额）"
    return [{"title": title, "order": 30, "id": "my-households", "rows": rows, "empty": "暂无登记的农户",
             "more": f"{reverse('household_list')}?rank=1"}]
