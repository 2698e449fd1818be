"""The report as a Word file in GB/T 9704-2012 layout (python-docx), and optionally PDF via LibreOffice.

A4; margins 37/35/28/26 mm; body 3号 仿宋_GB2312, exact 28.95 pt lines and −0.25 pt character spacing (22 lines ×
28 characters); title 2号 方正小标宋简体; headings 一、 黑体 and （一） 楷体_GB2312; East-Asian font names set on
runs, the Normal style and the document defaults; page numbers "— 1 —" in 4号 宋体, odd pages right, even left.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zhenwu.core.text import printable

from .services import numbered

BODY_FONT, TITLE_FONT, H1_FONT, H2_FONT, PAGE_FONT = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"
BODY_PT, TITLE_PT, PAGE_PT = 16, 22, 14
LINE_PT = 28.95


PDF_HOWTO = ("本机未安装 LibreOffice，无法生成 PDF。请服务器管理员安装后重试：Debian/Ubuntu 运行 "
             "“sudo apt-get install libreoffice-writer-nogui”（另装 fonts-noto-cjk 中文字体）；"
             "暂时可下载 Word 文件后另存为 PDF。")


class PdfUnavailable(RuntimeError):
    """LibreOffice (soffice) is not installed; the message is for the user."""


def _fonts(rpr, name: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _run(paragraph, text: str, font: str = BODY_FONT, size: float = BODY_PT, bold: bool = False, squeeze: bool = True):
    run = paragraph.add_run(printable(text))  # a record saved before control characters were refused
    run.font.size = Pt(size)
    run.font.bold = bold or None
    rpr = run._r.get_or_add_rPr()
    _fonts(rpr, font)
    if squeeze:  # −0.25 pt: 28 characters per line; w:spacing must come before w:sz
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), "-5")
        rpr.find(qn("w:sz")).addprevious(spacing)
    return run


def _para(doc, align=None, indent: bool = True, line: float = LINE_PT):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = False
    if align is not None:
        fmt.alignment = align
    if indent:
        fmt.first_line_indent = Pt(BODY_PT * 2)
        ind = p._p.get_or_add_pPr().find(qn("w:ind"))
        ind.set(qn("w:firstLineChars"), "200")
    return p


def _defaults(doc) -> None:
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr_default, BODY_FONT)
    for tag, attrs in (("w:sz", {"w:val": "32"}), ("w:szCs", {"w:val": "32"}), ("w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN"})):
        el = rpr_default.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr_default.append(el)
        for k, v in attrs.items():
            el.set(qn(k), v)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(BODY_PT)
    _fonts(normal.element.get_or_add_rPr(), BODY_FONT)


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(23)  # 7 mm below the text block for a 4号 line
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT, right=True)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT, right=False)


def _field(paragraph, instr: str) -> None:
    run = _run(paragraph, "", PAGE_FONT, PAGE_PT, squeeze=False)
    for kind, text in (("begin", None), ("instr", instr), ("separate", None), ("text", "1"), ("end", None)):
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


def _page_number(paragraph, align, right: bool) -> None:
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    if right:
        fmt.right_indent = Pt(PAGE_PT)
    else:
        fmt.left_indent = Pt(PAGE_PT)
    _run(paragraph, "— ", PAGE_FONT, PAGE_PT, squeeze=False)
    _field(paragraph, " PAGE ")
    _run(paragraph, " —", PAGE_FONT, PAGE_PT, squeeze=False)


def _title(doc, text: str) -> None:
    p = _para(doc, WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=35)
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    p._p.get_or_add_pPr().insert(0, snap)
    _run(p, text, TITLE_FONT, TITLE_PT, squeeze=False)
    _para(doc, indent=False)  # one blank line under the title


def _chart(doc, spec: dict) -> None:
    from .charts import render_png

    p = doc.add_paragraph()
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    p.add_run().add_picture(io.BytesIO(render_png(spec)), width=Mm(150))


def _document(title: str):
    doc = Document()
    _defaults(doc)
    _page_setup(doc)
    _title(doc, title)
    return doc


def _sign(doc, signature: str, day) -> None:
    """The issuing unit and the date, right-aligned two characters in from the margin, after a blank line."""
    if not (signature or day):
        return
    _para(doc, indent=False)
    for line in (signature, _date(day)):
        if line:
            p = _para(doc, WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
            p.paragraph_format.right_indent = Pt(BODY_PT * 2)
            _run(p, line)


def build_official_document(title: str, sections: list[tuple[str, list[str]]], signature: str, day):
    doc = _document(title)
    for heading, paragraphs in sections:
        if heading:
            _run(_para(doc), heading, H1_FONT)
        for text in paragraphs:
            _run(_para(doc), text)
    _sign(doc, signature, day)
    return doc


def official_docx(title: str, sections: list[tuple[str, list[str]]], signature: str, day) -> bytes:
    """Any official document in the same layout (a 通报, a notice): [(一、heading or "", paragraphs)]."""
    buf = io.BytesIO()
    build_official_document(title, sections, signature, day).save(buf)
    return buf.getvalue()


def build_document(report):
    doc = _document(report.title)
    for number, section in numbered(report):
        if section.level <= 1:
            _run(_para(doc), f"{number}{section.title}", H1_FONT)
        else:
            _run(_para(doc), f"{number}{section.title}", H2_FONT)
        for text in section.paragraphs():
            _run(_para(doc), text)
        if section.chart:
            _chart(doc, section.chart)
    _sign(doc, report.signature, report.signed_on)
    return doc


def _date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def docx_bytes(report) -> bytes:
    buf = io.BytesIO()
    build_document(report).save(buf)
    return buf.getvalue()


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_bytes(report) -> bytes:
    exe = soffice()
    if exe is None:
        raise PdfUnavailable(PDF_HOWTO)
    with tempfile.TemporaryDirectory(prefix="zhenwu-pdf-") as tmp:
        src = Path(tmp) / "report.docx"
        src.write_bytes(docx_bytes(report))
        env = dict(os.environ)
        try:
            subprocess.run(
                [exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf", "--outdir",
                 tmp, str(src)],
                check=True, capture_output=True, timeout=120, env=env,
            )
            return (Path(tmp) / "report.pdf").read_bytes()
        except (subprocess.SubprocessError, OSError):
            raise PdfUnavailable("LibreOffice 转换 PDF 失败，请稍后重试，或下载 Word 文件后另存为 PDF") from None
