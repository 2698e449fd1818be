"""Demo reports setup: the built-in 乡镇 outline pack (idempotent)."""

from .packs import load_pack


def load() -> None:
    load_pack()
