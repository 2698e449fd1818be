"""Packs of built-in ledger kinds (YAML). `ledgers.actions.load_pack` adds the kinds that are missing and never
overwrites a kind an administrator has changed, so it is safe to run on every start or demo load."""

from __future__ import annotations

from pathlib import Path

import yaml

PACK_DIR = Path(__file__).resolve().parent
PACKS = {"township": "乡镇（街道）台账包"}


def read_pack(name: str = "township") -> list[dict]:
    with open(PACK_DIR / f"{name}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)["kinds"]
