"""Loads lexicon.json once and exposes it as plain Python structures."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def load() -> dict:
    return json.loads(resources.files(__package__).joinpath("lexicon.json").read_text(encoding="utf-8"))


def alternation(words) -> str:
    """Regex alternation of literal words, longest first so the regex prefers the longest match."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def unit_kinds() -> dict[str, str]:
    kinds: dict[str, str] = {}
    for kind, units in load()["units"].items():
        for unit in units:
            kinds.setdefault(unit, kind)
    return kinds


def starts_other_word(unit: str, next_char: str) -> bool:
    """True when `unit` followed by `next_char` is really another word: 项+目 (XX项目), 部+门 (5部门)."""
    return bool(next_char) and next_char in load()["unit_word_blockers"].get(unit, "")


def doubling_is_word(char: str, next_char: str) -> bool:
    """True when a doubled `char` is legitimate because of what follows: 2023年年底, 敬老院院内."""
    return bool(next_char) and next_char in load()["doubled_ok_next"].get(char, "")
