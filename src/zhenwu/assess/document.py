"""The 红黑榜 通报 as a Word file in GB/T 9704-2012 layout (python-docx): A4, margins 37/35/28/26 mm, body 3号
仿宋_GB2312 at exact 28.95 pt with −0.25 pt character spacing (22 × 28), title 2号 方正小标宋简体, headings 黑体,
page numbers "— 1 —" in 4号 宋体 (odd right, even left), signature and date right."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zhenwu.core import fmt

BODY, TITLE, H1, PAGE = "仿宋_GB2312", "方正小标宋简体", "黑体", "宋体"


def _fonts(rpr, name):
    el = rpr.find(qn("w:rFonts"))
    if el is None:
        el = OxmlElement("w:rFonts")
        rpr.insert(0, el)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        el.set(qn(attr), name)


def _run(p, text, font=BODY, size=16, squeeze=True):
    run = p.add_run(text)
    run.font.size = Pt(size)
    rpr = run._r.get_or_add_rPr()
    _fonts(rpr, font)
    if squeeze:
        sp = OxmlElement("w:spacing")
        sp.set(qn("w:val"), "-5")
        rpr.find(qn("w:sz")).addprevious(sp)
    return run


def _para(doc, align=None, indent=True, line=28.95):
    p = doc.add_paragraph()
    f = p.paragraph_format
    f.line_spacing_rule, f.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(line)
    f.space_before = f.space_after = Pt(0)
    f.widow_control = False
    if align is not None:
        f.alignment = align
    if indent:
        f.first_line_indent = Pt(32)
        p._p.get_or_add_pPr().find(qn("w:ind")).set(qn("w:firstLineChars"), "200")
    return p


def _page_number(p, right):
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    if right:
        p.paragraph_format.right_indent = Pt(14)
    else:
        p.paragraph_format.left_indent = Pt(14)
    _run(p, "— ", PAGE, 14, squeeze=False)
    run = _run(p, "", PAGE, 14, squeeze=False)
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
    _run(p, " —", PAGE, 14, squeeze=False)


def build_document(title: str, sections: list[tuple[str, list[str]]], signature: str, day):
    doc = Document()
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr, BODY)
    for tag, attrs in (("w:sz", {"w:val": "32"}), ("w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN"})):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        for k, v in attrs.items():
            el.set(qn(k), v)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    _fonts(normal.element.get_or_add_rPr(), BODY)
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    s.footer_distance = Mm(23)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(s.footer.paragraphs[0], right=True)
    _page_number(s.even_page_footer.paragraphs[0], right=False)
    p = _para(doc, WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=35)
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    p._p.get_or_add_pPr().insert(0, snap)
    _run(p, title, TITLE, 22, squeeze=False)
    _para(doc, indent=False)
    for heading, paragraphs in sections:
        if heading:
            _run(_para(doc), heading, H1)
        for text in paragraphs:
            _run(_para(doc), text)
    _para(doc, indent=False)
    for line in (signature, f"{day.year}年{day.month}月{day.day}日"):
        p = _para(doc, WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        p.paragraph_format.right_indent = Pt(32)
        _run(p, line)
    return doc


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
    buf = io.BytesIO()
    build_document(f"关于{rnd.title}考评结果的通报", sections, rnd.org.name, rnd.published_on or rnd.held_on).save(buf)
    return buf.getvalue()
