"""Excel out: one way to write a sheet for every export. Rows stream into a write-only workbook on disk (memory
stays flat for 100,000 rows), and no cell can start a formula (a value beginning with = + - @ is written as
text with a leading apostrophe-free quote prefix), so a title like "=HYPERLINK(…)" never comes out live."""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from urllib.parse import quote

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_HEAD = Font(bold=True)
_ILLEGAL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))  # control characters Excel refuses


def cell_value(value):
    """A value as it may go into a cell: numbers and dates as they are, text never read as a formula."""
    if value is None or isinstance(value, (int, float, Decimal, dt.date)):
        return value
    text = str(value).translate(_ILLEGAL)
    return "'" + text if text.startswith(_FORMULA_START) else text


def download(wb: Workbook, filename: str) -> FileResponse:
    """A workbook built in full (an import template with dropdowns) as a download."""
    buf = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    wb.save(buf)
    buf.seek(0)
    resp = FileResponse(buf, content_type=XLSX, as_attachment=True, filename=filename)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return resp


def workbook_response(filename: str, sheets: list[tuple[str, list[str], object]]) -> FileResponse:
    """An .xlsx download of one or more sheets: (title, header, rows iterable)."""
    wb = Workbook(write_only=True)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title=title[:31] or "Sheet1")
        head = []
        for name in header:
            c = WriteOnlyCell(ws, value=cell_value(name))
            c.font = _HEAD
            head.append(c)
        ws.append(head)
        for row in rows:
            ws.append([cell_value(v) for v in row])
    return download(wb, filename)
