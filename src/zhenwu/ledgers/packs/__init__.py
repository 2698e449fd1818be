"""Packs of built-in ledger kinds (YAML). `load_pack` adds the kinds that are missing and never overwrites
a kind an administrator has changed, so it is safe to run on every start or demo load."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.db import transaction

PACK_DIR = Path(__file__).resolve().parent
PACKS = {"township": "乡镇（街道）台账包"}


def read_pack(name: str = "township") -> list[dict]:
    with open(PACK_DIR / f"{name}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)["kinds"]


def load_pack(name: str = "township") -> list[str]:
    """Create the pack's kinds that do not exist yet; returns the codes created."""
    from ..models import LedgerKind

    created = []
    with transaction.atomic():
        existing = set(LedgerKind.objects.values_list("code", flat=True))
        for d in read_pack(name):
            if d["code"] in existing:
                continue
            kind = LedgerKind()
            kind.apply_definition(d)
            kind.save()
            created.append(kind.code)
    return created
