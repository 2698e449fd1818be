"""The 红黑榜 通报: who was rated, the red list, the black list and what follows, as an official document in the
report writer's GB/T 9704 layout."""

from __future__ import annotations

from zhenwu.core import fmt
from zhenwu.reports.writer import official_docx


def _names(rows) -> str:
    return "、".join(f"{r.unit.name}（{fmt.trimmed(r.total, 1)}分）" for r in rows)


def bulletin_docx(rnd, red, black) -> bytes:
    """关于{round}考评结果的通报: who was rated, the red list, the black list and what follows from it."""
    from . import services

    rows = services.ranking(rnd)
    ranked = [r for r in rows if r.rank]
    intro = (f"按照{rnd.scheme.get_period_type_display()}考核要求，{rnd.org.name}于{rnd.held_on.year}年"
             f"{rnd.held_on.month}月{rnd.held_on.day}日对{len(rows)}个单位开展{rnd.scheme.name}，"
             f"{len(ranked)}个单位评分项达到{rnd.scheme.min_items}项以上参与排名。现将结果通报如下。")
    sections = [("", [intro])]
    sections.append(("一、红榜", [f"{_names(red)}，予以通报表扬。" if red else "本次无单位列入红榜。"]))
    if black:
        follow = "列入黑榜的单位须于30日内完成整改，整改任务已纳入督办"
        if rnd.appeal_deadline:
            follow += f"；对结果有异议的，可于{rnd.appeal_deadline.month}月{rnd.appeal_deadline.day}日前提出申诉"
        sections.append(("二、黑榜", [f"{_names(black)}，予以通报批评。{follow}。"]))
    else:
        sections.append(("二、黑榜", ["本次无单位列入黑榜。"]))
    order = "；".join(f"第{r.rank}名{r.unit.name}{fmt.trimmed(r.total, 1)}分" for r in ranked)
    sections.append(("三、综合排名", [f"{order}。" if order else "本次无单位参与排名。"]))
    return official_docx(f"关于{rnd.title}考评结果的通报", sections, rnd.org.name, rnd.published_on or rnd.held_on)
