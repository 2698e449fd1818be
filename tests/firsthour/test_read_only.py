"""Only what you may do is offered: the read-only roles (领导, 督查) are shown no write control anywhere, and no page
links them to an address that refuses them."""

import re
from html.parser import HTMLParser

import pytest

READ_ONLY = ["leader", "ducha"]
SKIP = re.compile(r"/logout/|\.xlsx|\.docx|/pdf/|/file/|/chart\.png|format=xlsx|/api/|/static/|/media/"
                  r"|[?&](sort|page)=")
# Forms a reader may still post: leave, switch unit or working period, manage their own API tokens, search.
ALLOWED_POSTS = re.compile(r"^/(logout|org/switch|period/switch|tokens)/")
# Pages whose own form writes nothing of the unit's: proof-reading a report, the reader's own API tokens.
ALLOWED_PAGES = {"/reports/check/", "/tokens/"}
WRITE_WORDS = ("登记", "导入", "编辑", "删除", "新建", "修改", "保存", "设定目标", "报送并锁定", "解锁", "调整章节", "重新生成")
# Addresses of pages that write (forms to add, change, delete, import, lock).
WRITE_URL = re.compile(r"/(new|edit|delete|import|add|quick|upload|lock|unlock|regenerate|password)(/|$|\?)")


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.posts, self.controls, self._in, self._post = [], [], [], None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
            if WRITE_URL.search(a["href"].split("?")[0]):
                self.controls.append(f"link to {a['href']}")
        if tag == "button":
            self._in = ["button", "", ""]
        if tag == "form":
            self._post = (a.get("method") or "get").lower() == "post"
            action = a.get("action") or "(this page)"
            if self._post and not ALLOWED_POSTS.match(action):
                self.posts.append(action)
        if self._post and tag in ("input", "textarea", "select") and a.get("type") not in ("hidden", "submit") \
                and "readonly" not in a and "disabled" not in a and a.get("name") not in ("period", "org"):
            self.controls.append(f"<{tag} name={a.get('name')}>")

    def handle_data(self, data):
        if self._in:
            self._in[2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._post = False
        if self._in and tag == self._in[0]:
            text = self._in[2].strip()
            if any(w in text for w in WRITE_WORDS):
                self.controls.append(f"{tag} “{text}” {self._in[1]}")
            self._in = None


def _local(href):
    if not href.startswith("/") or href.startswith("//") or SKIP.search(href):
        return None
    return href.split("#")[0]


@pytest.mark.django_db
@pytest.mark.parametrize("username", READ_ONLY)
def test_read_only_roles_see_no_write_controls_and_no_refused_links(login, route_visits, username):
    client = login(username)
    seen, problems, linked_from = set(), [], {}
    frontier = ["/"]
    for depth in range(3):
        following = []
        for url in frontier:
            if url in seen or route_visits.enough(url):
                continue
            seen.add(url)
            resp = client.get(url)
            if resp.status_code in (403, 405):
                problems.append(f"{linked_from.get(url)} links to {url}, which answers {resp.status_code}")
                continue
            if resp.status_code != 200 or "text/html" not in resp.get("Content-Type", ""):
                continue
            page = _Page()
            page.feed(resp.content.decode())
            if url in ALLOWED_PAGES:
                page.posts, page.controls = [p for p in page.posts if p != "(this page)"], []
            problems += [f"{url}: write form posting to {p}" for p in page.posts]
            problems += [f"{url}: {c}" for c in page.controls]
            for u in map(_local, page.links):
                if u and u not in seen:
                    linked_from.setdefault(u, url)
                    following.append(u)
        frontier = list(dict.fromkeys(following))[:200]
    print(f"{username}: {len(seen)} pages, {len(route_visits.routes)} routes")
    assert len(route_visits.routes) > 35  # distinct pages (41 for the county leader when this was written)
    shown = sorted({re.sub(r"\d+", "N", p) for p in problems})
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(shown[:120])
