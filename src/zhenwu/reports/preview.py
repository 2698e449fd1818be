"""Mark generated figures in a section's text for the preview: each figure's first occurrence (after the
previous one) becomes a span carrying its provenance, so hover/click shows the records and the query."""

from __future__ import annotations

import json

from django.utils.html import escape
from django.utils.safestring import mark_safe


def annotate(section) -> list[str]:
    out = []
    figures = list(section.figures or [])
    fi = 0
    for para in section.paragraphs():
        html, pos = [], 0
        while fi < len(figures):
            fig = figures[fi]
            at = para.find(fig["text"], pos) if fig.get("text") else -1
            if at < 0:
                break
            html.append(escape(para[pos:at]))
            html.append(
                f'<span class="zw-figure" tabindex="0" data-figure="{escape(json.dumps(fig, ensure_ascii=False))}" '
                f'title="{escape(fig["computation"])}">{escape(fig["text"])}</span>'
            )
            pos = at + len(fig["text"])
            fi += 1
        html.append(escape(para[pos:]))
        out.append(mark_safe("".join(html)))
    return out
