"""The text as the rules read it: the same length as the report, so every span found in it indexes the report.

`reading_view` undoes hard line wraps (text copied out of a PDF breaks sentences, and even numbers and their
units, across lines): every line break inside a sentence becomes a space.  A break stays when the line ends a
sentence or a heading, when the next line starts a heading or list item, or at a blank line.  It also maps
look-alike signs one for one (﹪ → %).
"""

from __future__ import annotations

import bisect
import re

_ENDS_SENTENCE = frozenset("。；;！!？?：:")
_MARKER = (r"[ \u3000]*(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十0-9０-９]+[)）]"
           r"|[0-9０-９]+[、．.](?![0-9０-９])|第[一二三四五六七八九十]+[部章节条]|[一二三四五六七八九十]是)")
_MARKER_RE = re.compile(_MARKER)
_BREAK_RE = re.compile(r"\r?\n")
_WRAPPED_SHARE = 0.5  # a text is hard-wrapped when most of its lines stop mid-sentence …
_WRAPPED_LINES = 10  # … and there are enough of them to tell (a title line alone is not a wrap)
_LOOK_ALIKES = str.maketrans("﹪", "%")


def reading_view(text: str) -> str:
    view = _BREAK_RE.sub(lambda m: _join(text, m) or m.group(0), text) if is_hard_wrapped(text) else text
    return view.translate(_LOOK_ALIKES) if "﹪" in view else view


def is_hard_wrapped(text: str) -> bool:
    lines = [line for line in (raw.rstrip(" \u3000\t\r") for raw in text.split("\n")) if line]
    open_lines = sum(1 for line in lines if line[-1] not in _ENDS_SENTENCE and not _MARKER_RE.match(line))
    return open_lines >= _WRAPPED_LINES and open_lines >= _WRAPPED_SHARE * len(lines)


def _join(text: str, m: re.Match) -> str | None:
    """The spaces replacing this line break, or None to keep it."""
    before = text[text.rfind("\n", 0, m.start()) + 1:m.start()].rstrip(" \u3000\t")
    if not before or before[-1] in _ENDS_SENTENCE or _MARKER_RE.match(before):
        return None  # blank line, end of a sentence, or a heading (一、… / （一）… / 第一部分…)
    after = text[m.end():m.end() + 12]
    if not after.strip(" \u3000\t") or after[:1] in "\r\n" or _MARKER_RE.match(after):
        return None
    return " " * len(m.group(0))


def line_column(text: str):
    """A function giving the 1-based (line, column) of an offset in `text`, for messages such as 12:5."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def locate(pos: int) -> tuple[int, int]:
        line = bisect.bisect_right(starts, pos)
        return line, pos - starts[line - 1] + 1

    return locate
