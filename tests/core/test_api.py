import pytest

pytestmark = pytest.mark.django_db


def test_api_requires_login(client):
    assert client.get("/api/core/orgs").status_code == 401


def test_api_org_list_and_detail_are_scoped(login, org):
    client = login("qinghe-cun")
    rows = client.get("/api/core/orgs").json()
    assert {r["name"] for r in rows} == {"泉湖村", "泉湖村第一网格", "泉湖村第二网格"}
    assert client.get(f"/api/core/orgs/{org('泉湖村').pk}").status_code == 200
    resp = client.get(f"/api/core/orgs/{org('石岭镇').pk}")
    assert resp.status_code == 404 and "管辖范围" in resp.json()["detail"]
    # asking for a subtree outside the scope is a 404, not an empty leak
    resp = client.get("/api/core/orgs?within=990102102")
    assert resp.status_code == 404 and "管辖范围" in resp.json()["detail"]


def test_api_audit_is_scoped(login):
    rows = login("shiling-wg").get("/api/core/audit").json()
    assert rows and all(r["org_code"].startswith("990102102201001") for r in rows)


def test_openapi_schema(login):
    schema = login("admin").get("/api/openapi.json").json()
    assert "/api/core/orgs" in schema["paths"]
