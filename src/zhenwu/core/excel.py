"""Excel files in and out, safely — the one helper every export and import uses.

Out: sheets stream into a write-only workbook (`workbook_response`), and no cell starts a formula. A value typed by a user ("=HYPERLINK(…)", "+1", "-x", "@sum") is written as text
with a leading apostrophe, so Excel shows it and never evaluates it; characters a workbook cannot hold are
dropped. In: the file's size, its unpacked size and its number of rows are checked before (and while) it is parsed,
XML entity and DTD declarations are refused, and every malformed file is one Chinese message, never an error page.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse

from .text import printable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

MAX_UPLOAD_BYTES = 10 * 1024 * 1024     # the .xlsx file as uploaded
MAX_UNPACKED_BYTES = 60 * 1024 * 1024   # all of its parts unpacked (a 30,000-row sheet is about 15 MB)
_PROLOG_BYTES = 64 * 1024               # a DTD can only stand before the root element

UNREADABLE = "文件无法读取：请上传由本系统模板填写的 .xlsx 文件"


# -- out ---------------------------------------------------------------------------------------------------------

def safe(value):
    """A value as an export cell: text never starts a formula and holds no control character."""
    if isinstance(value, str):
        value = printable(value)
        if value.startswith(FORMULA_START):
            return "'" + value
    return value


def safe_row(values) -> list:
    return [safe(v) for v in values]


def _guard_formulas(wb) -> None:
    """Any cell that still holds a formula (set by hand, not through `safe`) is made text."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and isinstance(cell.value, str):
                    cell.value = "'" + cell.value
                    cell.data_type = "s"


def xlsx_bytes(wb) -> bytes:
    """A workbook built in full (an import template with dropdowns) as bytes, formulas guarded."""
    _guard_formulas(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _attachment(resp, filename: str):
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return resp


def download(wb, filename: str) -> HttpResponse:
    """A workbook built in full as a download."""
    return _attachment(HttpResponse(xlsx_bytes(wb), content_type=XLSX), filename)


def workbook_response(filename: str, sheets: list[tuple[str, list[str], object]]) -> FileResponse:
    """Sheets (title, header, rows iterable) streamed into a write-only workbook on disk and sent as a download:
    memory stays flat for 100,000 rows, and every cell goes through `safe`."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, header, rows_ in sheets:
        ws = wb.create_sheet(title=printable(title)[:31] or "Sheet1")
        head = []
        for name in header:
            c = WriteOnlyCell(ws, value=safe(name))
            c.font = bold
            head.append(c)
        ws.append(head)
        for row in rows_:
            ws.append(safe_row(row))
    buf = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    wb.save(buf)
    buf.seek(0)
    return _attachment(FileResponse(buf, content_type=XLSX), filename)


MAX_ERRORS_SHOWN = 200


def capped(messages: list[str], limit: int = MAX_ERRORS_SHOWN) -> list[str]:
    """At most `limit` messages, then one line saying how many more there are (an error page stays small)."""
    if len(messages) <= limit:
        return list(messages)
    return [*messages[:limit], f"……另有 {len(messages) - limit:,} 处错误未列出，请先改正以上错误"]


# -- in ----------------------------------------------------------------------------------------------------------

def _read(content) -> bytes:
    if isinstance(content, (bytes, bytearray)):
        return bytes(content)
    if hasattr(content, "size") and content.size is not None and content.size > MAX_UPLOAD_BYTES:
        raise ValidationError(f"文件超过 {MAX_UPLOAD_BYTES // 1048576} MB，请分批导入")
    if hasattr(content, "seek"):
        content.seek(0)
    return content.read(MAX_UPLOAD_BYTES + 1)


def check_xlsx(data: bytes) -> None:
    """Refuse, before parsing, a file that is too big, unpacks too big, or declares XML entities."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(f"文件超过 {MAX_UPLOAD_BYTES // 1048576} MB，请分批导入")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = zf.infolist()
            unpacked = sum(p.file_size for p in parts)
            if unpacked > MAX_UNPACKED_BYTES:
                raise ValidationError(
                    f"文件解压后达 {unpacked / 1048576:.0f} MB，超过 {MAX_UNPACKED_BYTES // 1048576} MB 的上限：请分批导入"
                )
            for part in parts:
                if part.filename.endswith((".xml", ".rels", ".vml")):
                    with zf.open(part) as fh:
                        head = fh.read(_PROLOG_BYTES)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head or b"<!doctype" in head:
                        raise ValidationError("文件含有不允许的 XML 声明（DTD/实体），已拒绝：请用 Excel 另存为 .xlsx 后再上传")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise ValidationError(UNREADABLE) from None


def open_xlsx(content):
    """The workbook (read-only, values only) of an uploaded .xlsx, after `check_xlsx`."""
    from openpyxl import load_workbook

    data = _read(content)
    check_xlsx(data)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - openpyxl and the XML parser raise many kinds for a broken file
        raise ValidationError(UNREADABLE) from None


def rows(ws, max_rows: int, first_row: int = 1, what: str = "行"):
    """The sheet's rows as value tuples, parsed lazily: stops with a Chinese message past `max_rows` rows (counted
    from `first_row`) without reading the rest, and turns a parse error met on the way into one."""
    it = ws.iter_rows(values_only=True)
    n = 0
    while True:
        try:
            row = next(it)
        except StopIteration:
            return
        except Exception:  # noqa: BLE001 - malformed sheet XML is found only while reading it
            raise ValidationError(f"文件第 {n + 1} {what}附近内容损坏，无法读取：请用 Excel 打开检查后另存为 .xlsx") from None
        n += 1
        if n >= first_row + max_rows:
            raise ValidationError(f"一次最多导入 {max_rows:,} 行，请分批导入")
        yield row
