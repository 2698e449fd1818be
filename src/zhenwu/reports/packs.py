"""Report outline packs (JSON). An outline may reuse another's sections ("base") and change them: "keep"/"drop"
keys, "titles", "levels", "params" per key. `reports.actions.load_outlines` loads them."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from django.core.exceptions import ValidationError

from zhenwu.core.registry import report_builders

PACK_DIR = Path(__file__).resolve().parent / "packs"


def read_pack(path: Path | None = None) -> dict:
    return json.loads((path or PACK_DIR / "township.json").read_text(encoding="utf-8"))


def resolve(pack: dict) -> list[dict]:
    """Each outline with its full section list (bases applied), checked."""
    done: dict[str, list[dict]] = {}  # a base is resolved before the outlines built on it (listed earlier)
    resolved = []
    for outline in pack["outlines"]:
        if outline.get("base") and outline["base"] not in done:
            raise ValidationError(f"提纲“{outline['name']}”的基础提纲“{outline['base']}”应写在它前面")
        sections = copy.deepcopy(done[outline["base"]] if outline.get("base") else outline["sections"])
        if outline.get("keep"):
            sections = [s for s in sections if s["key"] in outline["keep"]]
        sections = [s for s in sections if s["key"] not in outline.get("drop", [])]
        for s in sections:
            s["title"] = outline.get("titles", {}).get(s["key"], s["title"])
            s["level"] = outline.get("levels", {}).get(s["key"], s.get("level", 1))
            s["params"] = {**s.get("params", {}), **outline.get("params", {}).get(s["key"], {})}
            if s.get("builder", "narrative") not in report_builders():
                raise ValidationError(f"提纲“{outline['name']}”的章节“{s['title']}”使用了未知的生成方式“{s['builder']}”")
        done[outline["code"]] = sections
        resolved.append({**{k: v for k, v in outline.items() if k not in ("sections",)}, "sections": sections})
    return resolved
