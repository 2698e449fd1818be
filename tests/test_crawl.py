"""Every page reachable from the navigation and the dashboard, two links deep, as every demo role (up to four
pages of each route): no server error, no template debris, no English field keys or Python values shown to a user."""

import re
from html.parser import HTMLParser

import pytest

ROLES = ["admin", "leader", "ducha", "qinghe", "qinghe-aj", "qinghe-cun", "shiling-wg", "chengguan"]
DEBRIS = ["Block Node", "Variable Node", "{{", "{%", "Traceback", "object at 0x"]
# Python values and snake_case keys in the visible text (codes shown on purpose sit in <code> or monospace cells).
PY_VALUE = re.compile(r"(?<![\w/])(None|True|False)(?![\w/])")
SNAKE = re.compile(r"(?<![\w./#-])[a-z]+_[a-z_]+(?![\w/.])")
SKIP = re.compile(r"/logout/|/delete/|\.xlsx|\.docx|/pdf/|/file/|/chart\.png|format=xlsx|/api/|/static/|/media/"
                  r"|[?&](sort|page)=")  # another order or page of a list already seen


class _Page(HTMLParser):
    """Links, and the text a user reads (not scripts, styles, <code>, monospace cells, hidden inputs)."""

    QUIET = {"script", "style", "code", "pre", "textarea", "select", "option"}

    def __init__(self):
        super().__init__()
        self.links, self.text, self._quiet = [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in self.QUIET or "font-monospace" in (a.get("class") or ""):
            self._quiet.append(tag)

    def handle_endtag(self, tag):
        if self._quiet and self._quiet[-1] == tag:
            self._quiet.pop()

    def handle_data(self, data):
        if not self._quiet:
            self.text.append(data)


def _local(href: str) -> str | None:
    if not href.startswith("/") or href.startswith("//") or SKIP.search(href):
        return None
    return href.split("#")[0]


@pytest.mark.django_db
@pytest.mark.parametrize("username", ROLES)
def test_crawl_every_page_two_levels_deep(login, route_visits, username):
    client = login(username)
    seen, problems = set(), []
    frontier = ["/"]
    for depth in range(3):  # the dashboard and the navigation, then two levels of links from them
        following = []
        for url in frontier:
            if url in seen or route_visits.enough(url):
                continue
            seen.add(url)
            resp = client.get(url)
            if resp.status_code >= 500:
                problems.append(f"{url}: {resp.status_code}")
                continue
            if resp.status_code != 200 or "text/html" not in resp.get("Content-Type", ""):
                continue
            html = resp.content.decode()
            for bit in DEBRIS:
                if bit in html:
                    problems.append(f"{url}: {bit!r}")
            page = _Page()
            page.feed(html)
            # {next_year} and the like are an outline's title templates, written so by the administrator
            text = re.sub(r"\{[\w:.]+\}", "", " ".join(page.text))
            for m in PY_VALUE.finditer(text):
                problems.append(f"{url}: shows {m.group(0)!r}: …{text[max(0, m.start() - 30):m.end() + 30]}…")
            for m in SNAKE.finditer(text):
                problems.append(f"{url}: shows key {m.group(0)!r}: …{text[max(0, m.start() - 30):m.end() + 30]}…")
            following += [u for u in map(_local, page.links) if u and u not in seen]
        frontier = list(dict.fromkeys(following))[:150]
    print(f"{username}: {len(seen)} pages, {len(route_visits.routes)} routes")
    assert len(seen) > 10
    assert not problems, "\n".join(problems[:40])
