"""Households from Excel: the template and the reading of a sheet (every row checked, all or none)."""

from __future__ import annotations

from openpyxl import Workbook

from zhenwu.core.excel import open_xlsx, rows

from .models import HOME_LEVELS

COLUMNS = ["单位", "户主", "家庭人口", "家庭成员", "住址", "身份证号", "联系电话", "备注"]
MAX_ROWS = 5000


def template(units) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "农户"
    ws.append(COLUMNS)
    ws2 = wb.create_sheet("可填单位")
    for u in units.filter(level__in=HOME_LEVELS).order_by("code"):
        ws2.append([u.name])
    return wb


def read(content) -> list[tuple[int, dict]]:
    wb = open_xlsx(content)
    ws = wb.worksheets[0]
    header = None
    out = []
    for n, values in enumerate(rows(ws, MAX_ROWS), start=1):
        cells = ["" if v is None else str(v).strip() for v in values]
        if header is None:
            header = cells
            continue
        if not any(cells):
            continue
        out.append((n, dict(zip(header, cells))))
    return out
