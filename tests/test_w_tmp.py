import pytest
pytestmark = pytest.mark.django_db(transaction=True)
def test_w(live_server, make_page):
    page = make_page("qinghe-cun", width=390) if "width" in make_page.__code__.co_varnames else make_page("qinghe-cun")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(live_server.url + "/assess/")
    print(page.evaluate("""() => [...document.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > 390).slice(0,8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + (e.innerText||'').slice(0,30))"""))
