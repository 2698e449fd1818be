"""The app registry: central files name no app; every app's declarations resolve."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse

from zhenwu.core import registry

SRC = Path(__file__).resolve().parents[2] / "src" / "zhenwu"
DOMAIN = {"indicators", "ledgers", "plans", "assess"}
# The pieces that serve every app: they iterate the registry and import no domain app.
CENTRAL = ["urls.py", "api/urls.py", "api/base.py", "web/context.py", "web/views.py", "demo.py", "reports/builders.py",
           "reports/services.py", "reports/actions.py", "core/reporting.py", "core/registry.py"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


@pytest.mark.parametrize("name", CENTRAL)
def test_central_files_name_no_domain_app(name):
    used = {m.split(".")[1] for m in _imports(SRC / name) if m.startswith("zhenwu.") and m.count(".") >= 1}
    assert not used & DOMAIN, f"{name} imports {used & DOMAIN}: declare it in the app's registry entry instead"


def test_every_app_declares_an_entry_whose_paths_resolve():
    names = {e.name for e in registry.entries()}
    for config in apps.get_app_configs():
        if config.name.startswith("zhenwu."):
            assert config.name in names, f"{config.name} has no registry entry"
    for entry in registry.entries():
        if entry.api:
            from ninja import Router

            assert isinstance(registry.resolve(entry.api), Router)
        for path in [entry.dashboard, entry.demo, *entry.report_sources.values(),
                     *[p for p, _ in entry.report_builders.values()]]:
            if path:
                assert callable(registry.resolve(path)), path
        for page in entry.pages:
            assert page.model_class() is not None
            for url_name in (page.list, page.export):
                if url_name:
                    reverse(url_name)
    for nav in registry.navigation():
        reverse(nav.url_name)


@pytest.mark.django_db
def test_navigation_follows_the_declared_order(login):
    page = login("qinghe").get("/").content.decode()
    labels = [n.label for n in registry.navigation()]
    positions = [page.index(f">{label}<") for label in labels]
    assert positions == sorted(positions)
