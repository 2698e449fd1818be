"""What each app adds to the whole, declared once in its AppConfig (`apps.py`) as `entry = AppEntry(...)`.

The central pieces — the root URLconf, the API, the navigation and dashboard, `zhenwu demo`, the report
writer, the generated scope tests — iterate `entries()` and name no app. Adding an app means a folder whose
`apps.py` declares its entry, and one `INSTALLED_APPS` line.

Callables are given as dotted paths ("zhenwu.ledgers.stats:dashboard_cards") and imported on first use, so
`apps.py` imports nothing heavy and is read before the app's models are ready.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cache


def resolve(path: str):
    """"package.module:attribute" → the attribute."""
    module, _, attr = path.partition(":")
    return getattr(importlib.import_module(module), attr)


@dataclass(frozen=True)
class Nav:
    """A top-level menu entry. `roles`: only users holding one of these roles see it (None: everyone)."""

    label: str
    url_name: str
    order: int
    roles: frozenset | None = None


@dataclass(frozen=True)
class Pages:
    """The pages and API paths of one scoped model (URL names; None where the model has no such page).

    `api` is the API path of the list ("/api/ledgers/entries"); the detail is `<api>/<pk>` when `api_detail`
    is set. `export` names the download of the list: its own address, or the list's with `?format=xlsx`. The generated scope tests visit every one of them as every role."""

    model: str  # "app_label.ModelName"
    list: str | None = None
    detail: str | None = None
    edit: str | None = None
    delete: str | None = None
    export: str | None = None
    api: str | None = None
    api_detail: bool = False
    list_query: str = ""  # extra query string the list needs (e.g. a kind)
    edit_action: str = "change"  # what the edit and delete pages need: "change", or "manage" (units, targets)

    def export_url(self) -> str:
        from django.urls import reverse

        url = reverse(self.export)
        return f"{url}?format=xlsx" if self.export == self.list else url

    def api_detail_path(self, pk) -> str:
        return f"{self.api.rstrip('/')}/{pk}"

    def model_class(self):
        from django.apps import apps

        return apps.get_model(self.model)


@dataclass
class AppEntry:
    nav: list[Nav] = field(default_factory=list)
    urls: str | None = None  # the app's URLconf module, included at `url_prefix`
    url_prefix: str = ""
    api: str | None = None  # "module:router", mounted at /api/<api_prefix>
    api_prefix: str = ""
    dashboard: str | None = None  # "module:function(org, user) -> list of cards"
    # The role's home page: "module:function(request, home) -> list of panels" (`core.home`)
    home: str | None = None
    demo: str | None = None  # "module:load", run by `zhenwu demo` in `demo_order`
    demo_order: int = 100
    report_sources: dict[str, str] = field(default_factory=dict)  # outline item key → "module:FigureSet class"
    report_builders: dict[str, tuple[str, str]] = field(default_factory=dict)  # name → ("module:function", label)
    pages: list[Pages] = field(default_factory=list)
    # Background jobs: kind ("indicators.import") → "module:function(job, progress) -> result dict" (`core.jobs`)
    jobs: dict[str, str] = field(default_factory=dict)
    name: str = ""  # the app's name, filled in by `entries()`


@cache
def entries() -> tuple[AppEntry, ...]:
    """Every installed app's entry, in INSTALLED_APPS order."""
    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        entry = getattr(config, "entry", None)
        if isinstance(entry, AppEntry):
            entry.name = config.name
            found.append(entry)
    return tuple(found)


def navigation() -> list[Nav]:
    return sorted((n for e in entries() for n in e.nav), key=lambda n: n.order)


def dashboard_providers() -> list:
    return [resolve(e.dashboard) for e in entries() if e.dashboard]


def home_providers() -> list:
    return [resolve(e.home) for e in entries() if e.home]


def demo_loaders() -> list:
    return [resolve(e.demo) for e in sorted((e for e in entries() if e.demo), key=lambda e: e.demo_order)]


def api_routers() -> list[tuple[str, object]]:
    return [(e.api_prefix, resolve(e.api)) for e in entries() if e.api]


@cache
def report_sources() -> dict[str, type]:
    return {key: resolve(path) for e in entries() for key, path in e.report_sources.items()}


@cache
def report_builders() -> dict[str, tuple]:
    """name → (function(ctx, params) -> SectionResult, label)."""
    return {name: (resolve(path), label) for e in entries() for name, (path, label) in e.report_builders.items()}


@cache
def job_handlers() -> dict[str, str]:
    """kind → "module:function" of every app's background jobs."""
    return {kind: path for e in entries() for kind, path in e.jobs.items()}


def pages() -> list[Pages]:
    return [p for e in entries() for p in e.pages]
