"""Template context for every page: the navigation by area and the org switcher."""

from django.urls import NoReverseMatch, reverse

from zhenwu.core.models import Level, OrgUnit

# Areas in the order a clerk works through the year; an area shows once its app provides the page.
NAV = [
    ("工作台", "dashboard"),
    ("指标", "indicator_grid"),
    ("台账", "ledger_home"),
    ("项目任务", "plans_home"),
    ("考评积分", "assess_home"),
    ("工作报告", "report_list"),
    ("报告校对", "report_check"),
    ("单位", "orgunit_list"),
    ("人员", "membership_list"),
    ("操作日志", "auditlog_list"),
]
# Grids and stations are many and small; switching to them is done from their parent's page.
SWITCHER_LEVELS = [Level.COUNTY, Level.TOWN, Level.STREET, Level.DEPARTMENT, Level.VILLAGE, Level.COMMUNITY]


def _nav_items(path: str):
    items = []
    for label, name in NAV:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "active": False})
    # The area whose address is the longest prefix of this page is the one we are in (/reports/check/ is 报告校对).
    matching = [i for i in items if (path == i["url"] if i["url"] == "/" else path.startswith(i["url"]))]
    if matching:
        max(matching, key=lambda i: len(i["url"]))["active"] = True
    return items


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    switcher = (
        OrgUnit.objects.visible_to(user).filter(level__in=SWITCHER_LEVELS).only("id", "name", "code", "level")
    )
    return {
        "nav_items": _nav_items(request.path),
        "current_org": getattr(request, "org", None),
        "switcher_orgs": [{"id": o.id, "name": o.name, "depth": (len(o.code) - 6) // 3} for o in switcher],
    }
