"""Demo reports setup: the built-in 乡镇 outline pack (idempotent)."""

from .actions import load_outlines


def load() -> None:
    load_outlines(None)
