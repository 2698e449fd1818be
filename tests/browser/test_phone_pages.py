"""Phones: at 390 px every list and form a 网格员 or a village clerk uses fits the screen (lists are cards, forms one
column, no sideways scrolling) and photo fields open the camera."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
# Boxes that scroll sideways inside the page (a table cut off at the screen's edge).
INNER_SCROLL = """() => [...document.querySelectorAll('main *')].filter(e => {
  const o = getComputedStyle(e).overflowX;
  return (o === 'auto' || o === 'scroll') && e.scrollWidth > e.clientWidth + 1;
}).map(e => (e.id || e.className || e.tagName) + ' ' + e.scrollWidth + '/' + e.clientWidth)"""
# Visible form controls side by side (same row, different column) on a form page: the form is not one column.
SIDE_BY_SIDE = """() => {
  const form = document.querySelector('main form[method=post]');
  if (!form) return [];
  const boxes = [...form.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea')]
    .map(e => [e.name, e.getBoundingClientRect()]).filter(([, r]) => r.width > 0 && r.height > 0);
  const out = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, ra] = boxes[i], [b, rb] = boxes[j];
    if (Math.abs(ra.top - rb.top) < 4 && Math.abs(ra.left - rb.left) > 4) out.push(a + '|' + b);
  }
  return out;
}"""


def _urls(username):
    from django.urls import reverse

    from zhenwu.ledgers.models import LedgerEntry, LedgerKind
    from zhenwu.plans.models import Task
    from zhenwu.core.models import Membership

    membership = Membership.objects.select_related("org").get(user__username=username)
    kinds = list(LedgerKind.objects.filter(active=True))
    entry = LedgerEntry.objects.within(membership.org).order_by("-pk").first()
    lists = [reverse("dashboard"), reverse("ledger_home"), reverse("ledger_entry_list"),
             f"{reverse('ledger_entry_list')}?overdue=true", *[f"{reverse('ledger_entry_list')}?kind={k.code}" for k in kinds],
             reverse("indicator_grid"), f"{reverse('indicator_grid')}?mode=month&year=2024", reverse("indicator_charts"),
             reverse("datavalue_list"), reverse("target_list"), reverse("plans_home"), reverse("task_list"),
             reverse("project_list"), reverse("report_list"), reverse("orgunit_list"), reverse("auditlog_list")]
    if entry is not None:
        lists.append(entry.get_absolute_url())
    task = Task.objects.within(membership.org).first()
    if task is not None:
        lists.append(task.get_absolute_url())
    forms = [reverse("ledger_quick"), *[f"{reverse('ledger_entry_create', args=[k.code])}?quick=1" for k in kinds if k.quick],
             *[reverse("ledger_entry_create", args=[k.code]) for k in kinds[:6]],
             reverse("ledger_entry_import", args=[kinds[0].code])]
    if entry is not None:
        forms.append(reverse("ledger_entry_edit", args=[entry.pk]))
    return lists, forms


@pytest.mark.parametrize("username", ["shiling-wg", "qinghe-cun"])
def test_every_list_and_form_fits_a_phone(live_server, make_page, login_page, demo_db, username):
    page = make_page(**PHONE)
    login_page(page, username)
    lists, forms = _urls(username)
    wide, columns, seen = [], [], 0
    for url in lists + forms:
        resp = page.goto(live_server.url + url)
        if resp.status in (403, 404):  # not this role's page
            continue
        assert resp.status == 200, url
        seen += 1
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide.append(f"{url}: {width} px")
        wide += [f"{url}: scrolls sideways inside {box}" for box in page.evaluate(INNER_SCROLL)]
        if url in forms:
            columns += [f"{url}: {pair}" for pair in page.evaluate(SIDE_BY_SIDE)]
    assert seen >= 25
    assert not wide, "wider than a 390 px screen:\n" + "\n".join(wide)
    assert not columns, "form fields side by side:\n" + "\n".join(columns)


def test_photo_fields_open_the_camera(live_server, make_page, login_page, demo_db):
    from django.urls import reverse

    from zhenwu.ledgers.models import LedgerKind

    page = make_page(**PHONE)
    login_page(page, "shiling-wg")
    kinds = [k for k in LedgerKind.objects.filter(active=True, quick=True) if any(f["type"] == "photo" for f in k.fields)]
    assert kinds
    for kind in kinds:
        page.goto(live_server.url + reverse("ledger_entry_create", args=[kind.code]) + "?quick=1")
        photo = page.locator("input[type=file][accept='image/*']").first
        assert photo.get_attribute("capture") == "environment"


def test_no_chart_without_data(live_server, make_page, login_page, demo_db):
    page = make_page(**PHONE)
    login_page(page, "qinghe")
    page.locator("#mainnav").evaluate("el => el.classList.add('show')")  # the menu folded away on a phone
    page.fill("#period-switcher input[name=period]", "2001")  # a year without figures
    with page.expect_navigation():
        page.click("#period-switcher button")
    page.locator("#dashboard-indicators[data-loaded='1']").wait_for()
    assert page.locator("#dashboard-indicators canvas").count() == 0  # no axes, no needle
    assert "暂无数据" in page.locator("#dashboard-indicators .chart-trend").inner_text()
    assert "暂无目标" in page.locator("#dashboard-indicators .chart-gauge").inner_text()
    assert page.locator("#dashboard-indicators .headline-table").inner_text().count("暂无数据") == 1
    # a 网格员's home has no economy charts at all, and a big 快速登记
    other = make_page(**PHONE)
    login_page(other, "shiling-wg")
    assert other.locator("#dashboard-indicators").count() == 0
    box = other.locator("#quick-entry").bounding_box()
    assert box["width"] > 300 and box["height"] >= 48
