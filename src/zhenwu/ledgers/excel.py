"""Excel (openpyxl): an import template per kind with dropdowns, and the import (all-or-nothing through
`actions.import_entries`, a line-by-line error list in Chinese). The export is the list's table (`tables.py`)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from zhenwu.core.excel import capped, open_xlsx, safe, rows as sheet_rows
from zhenwu.core.models import OrgUnit

from . import actions
from .models import LedgerEntry, LedgerKind
from .schema import FILE_TYPES

MAX_ROWS = 5000
BASE_COLUMNS = [("org", "单位"), ("title", "事项"), ("occurred_on", "发生日期"), ("responsible", "责任人")]
_HEAD = Font(bold=True)
_REQUIRED = PatternFill("solid", fgColor="FFF2CC")


def _columns(kind: LedgerKind) -> list[tuple[str, str, dict | None]]:
    cols = [(key, label, None) for key, label in BASE_COLUMNS]
    cols += [(f["key"], f["label"], f) for f in kind.fields if f["type"] not in FILE_TYPES]
    return cols


def _header(key: str, label: str, f: dict | None) -> str:
    unit = "元" if f and f["type"] == "money" else (f or {}).get("unit")
    return f"{label}（{unit}）" if unit else label


def template(kind: LedgerKind, units: list[OrgUnit]) -> Workbook:
    """An empty sheet for `kind`: one column per field, dropdowns for choices and units, required columns shaded."""
    wb = Workbook()
    ws = wb.active
    ws.title = kind.name[:31]
    lists = wb.create_sheet("选项")
    lists.sheet_state = "hidden"
    list_col = 0

    def dropdown(col_letter: str, values: list[str]):
        nonlocal list_col
        list_col += 1
        letter = get_column_letter(list_col)
        for i, v in enumerate(values, start=1):
            lists.cell(row=i, column=list_col, value=safe(v))
        dv = DataValidation(type="list", formula1=f"{quote_sheetname('选项')}!${letter}$1:${letter}${max(1, len(values))}",
                            allow_blank=True, showErrorMessage=True, errorTitle="无效的值", error="请从下拉列表中选择")
        ws.add_data_validation(dv)
        dv.add(f"{col_letter}2:{col_letter}{MAX_ROWS + 1}")

    for i, (key, label, f) in enumerate(_columns(kind), start=1):
        cell = ws.cell(row=1, column=i, value=safe(_header(key, label, f)))
        cell.font = _HEAD
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(12, len(cell.value) * 2 + 2)
        if key in ("org", "title", "occurred_on") or (f and f.get("required")):
            cell.fill = _REQUIRED
        if key == "org":
            dropdown(letter, [u.name for u in units])
        elif f and f["type"] == "choice":
            dropdown(letter, f["options"])
        elif f and f["type"] == "org":
            dropdown(letter, [u.name for u in units if u.level in actions.AREA_LEVELS])
    ws.freeze_panes = "A2"
    note = wb.create_sheet("说明")
    note.append(["填写说明"])
    note.append(["黄色表头为必填列；日期写作 2023-05-01；多选项用顿号“、”分隔；单位、村（社区）/网格从下拉列表选择。"])
    note.append(["导入时整表校验：任何一行有错则整表不导入，并逐行列出错误。"])
    return wb


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _no_progress(percent, message=""):
    pass


def import_entries(kind: LedgerKind, content, user, units: list[OrgUnit], progress=_no_progress) -> list[LedgerEntry]:
    """Read the sheet's rows and import every row or none (`actions.import_entries`): raises ValidationError
    with "第 N 行：…" messages for every wrong row."""
    progress(2, "正在打开文件")
    wb = open_xlsx(content)
    if not wb.worksheets:
        raise ValidationError("文件中没有工作表：请使用该类台账的导入模板")
    rows = sheet_rows(wb.worksheets[0], MAX_ROWS, first_row=2)  # the header, then at most MAX_ROWS rows
    header = [_text(h) for h in next(rows, ())]
    columns = _columns(kind)
    index = {}
    missing = []
    for key, label, f in columns:
        name = _header(key, label, f)
        if name in header:
            index[key] = header.index(name)
        elif label in header:
            index[key] = header.index(label)
        elif key in ("org", "title", "occurred_on") or (f and f.get("required")):
            missing.append(name)
    if missing:
        raise ValidationError(f"第 1 行（表头）：缺少必填列“{'”“'.join(missing)}”，请使用该类台账的导入模板")
    by_name, by_code = {}, {u.code: u for u in units}
    for u in units:
        by_name.setdefault(u.name, u)
    areas = {u.name: u.code for u in units}
    parsed = []
    for n, row in enumerate(rows, start=2):
        if n % 500 == 0:
            progress(5 + 25 * n / MAX_ROWS, f"正在读取第 {n:,} 行")
        cells = {key: row[i] if i < len(row) else None for key, i in index.items()}
        if all(_text(v) == "" for v in cells.values()):
            continue
        problems = []
        org_text = _text(cells.get("org"))
        org = by_code.get(org_text) or by_name.get(org_text)
        if org is None:
            problems.append(f"单位“{org_text}”不存在或不在您可填报的范围内" if org_text else "单位不能为空")
        occurred = cells.get("occurred_on")
        if isinstance(occurred, dt.datetime):
            occurred = occurred.date()
        elif not isinstance(occurred, dt.date) and _text(occurred):
            try:
                occurred = dt.date.fromisoformat(_text(occurred).replace("/", "-"))
            except ValueError:
                problems.append(f"发生日期“{_text(occurred)}”无效，应写作 2023-05-01")
                occurred = None
        raw = {}
        for key, _label, f in columns:
            if f is None:
                continue
            value = cells.get(key)
            if f["type"] == "org" and _text(value):
                value = areas.get(_text(value), _text(value))
            elif f["type"] in ("text", "textarea", "person", "idcard", "phone", "choice"):
                value = _text(value)
            raw[key] = value
        parsed.append((n, {"org": org, "title": _text(cells.get("title")), "occurred_on": occurred or None,
                           "responsible": _text(cells.get("responsible")), "data": raw, "problems": problems}))
    try:
        return actions.import_entries(user, kind, parsed, progress=progress)
    except ValidationError as exc:
        raise ValidationError(capped(exc.messages)) from None
