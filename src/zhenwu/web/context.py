"""Template context for every page: the navigation by area and the org switcher."""

from django.urls import reverse

from zhenwu.core import registry
from zhenwu.core.scope import memberships
from zhenwu.core.switcher import switcher_orgs


def _nav_items(request):
    """The areas every app declares (`core.registry`), in the order a clerk works through the year."""
    roles = None
    items = []
    for nav in registry.navigation():
        if nav.roles is not None:
            roles = roles if roles is not None else {m.role for m in memberships(request.user)}
            if not (request.user.is_superuser or roles & nav.roles):
                continue
        items.append({"label": nav.label, "url": reverse(nav.url_name), "active": False})
    path = request.path
    # The area whose address is the longest prefix of this page is the one we are in (/reports/check/ is 报告校对).
    matching = [i for i in items if (path == i["url"] if i["url"] == "/" else path.startswith(i["url"]))]
    if matching:
        max(matching, key=lambda i: len(i["url"]))["active"] = True
    return items


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not hasattr(request, "_zhenwu_switcher"):  # a page may render more than one template with this context
        request._zhenwu_switcher = switcher_orgs(user, getattr(request, "org", None))
    switcher, more = request._zhenwu_switcher
    from zhenwu.core.scope import writes_within
    from zhenwu.core.workperiod import choices

    return {
        "working_period": getattr(request, "period", None),
        "can_write": writes_within(user, getattr(request, "org", None)),
        "period_choices": choices(),
        "nav_items": _nav_items(request),
        "current_org": getattr(request, "org", None),
        "switcher_orgs": [{"id": o.id, "name": o.name, "depth": (len(o.code) - 6) // 3,
                           "indent": "　" * ((len(o.code) - 6) // 3)} for o in switcher],
        "switcher_more": more,
    }
