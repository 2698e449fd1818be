"""Home panels: what each role sees first on the 工作台 (`core.roles.home_of`).

Apps add panels through their registry entry (`home`): a function(request, home) returning a list of
{"title", "rows": [{"label", "url", "note", "alert"}], "empty" (said when there are no rows), "more" (url),
"order"}, and optionally a "button" ({"label", "url", "id"}) shown big at the top to those who may write. A panel with no rows says its "empty" text; nothing is drawn without data.
"""

from .registry import home_providers


def panels(request, home: str) -> list[dict]:
    found = [p for provider in home_providers() for p in provider(request, home)]
    return sorted(found, key=lambda p: p.get("order", 100))
