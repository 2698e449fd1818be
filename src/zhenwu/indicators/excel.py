"""Excel (openpyxl): export any table, download a prefilled entry template, read it back all-or-nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from zhenwu.core.excel import capped, download, open_xlsx, rows as sheet_rows, safe, safe_row
from zhenwu.core.models import OrgUnit
from zhenwu.core.periods import Period, PeriodError

from .actions import Cell, parse_number, save_cells
from .models import Indicator

HEADER = ["单位代码", "单位名称", "期间", "指标代码", "指标名称", "计量单位", "数值", "备注"]
HEADER_ROW = 4
MAX_ROWS = 30_000  # values in one import (a town's whole year is about 20,000)
BOLD = Font(bold=True)
FILL = PatternFill("solid", fgColor="DDEBF7")


def _widths(ws, widths) -> None:
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def template_response(org, grid):
    """The entry template for what the grid shows: one line per editable cell, prefilled, with dropdowns."""
    wb = Workbook()
    ws = wb.active
    ws.title = "填报"
    ws.append([safe(f"镇务指标填报表 · {grid.title}")])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(["填报单位", f"{org.name}（{org.code}）", "", "说明：只填“数值”“备注”两列；金额按“计量单位”填写；清空数值即删除该值。"])
    ws.append([])
    ws.append(HEADER)
    for c in ws[HEADER_ROW]:
        c.font, c.fill = BOLD, FILL
    orgs, periods = {}, {}
    for row in grid.rows:
        ind = row.indicator
        for gc in row.cells:
            col = gc.column
            if not col.editable:
                continue
            orgs[col.org.code] = col.org.name
            periods[col.period.code] = col.period.label
            ws.append(safe_row([col.org.code, col.org.name, col.period.code, ind.code, ind.name, ind.shown_unit,
                                float(ind.to_display(gc.value.value)) if gc.value else None,
                                gc.value.note if gc.value else ""]))
    last = ws.max_row
    # Choices live on a hidden sheet so the dropdowns work for any number of entries.
    opts = wb.create_sheet("选项")
    opts.sheet_state = "hidden"
    names = list(Indicator.objects.values_list("name", flat=True))
    for i, name in enumerate(names, start=1):
        opts.cell(i, 1, safe(name))
    for i, name in enumerate(orgs.values(), start=1):
        opts.cell(i, 2, safe(name))
    for i, code in enumerate(periods, start=1):
        opts.cell(i, 3, code)
    for col, letter, n in (("B", "B", len(orgs)), ("C", "C", len(periods)), ("E", "A", len(names))):
        dv = DataValidation(type="list", formula1=f"=选项!${letter}$1:${letter}${max(n, 1)}", allow_blank=True,
                            showErrorMessage=True, errorTitle="请从列表中选择", error="请从下拉列表中选择")
        ws.add_data_validation(dv)
        dv.add(f"{col}{HEADER_ROW + 1}:{col}{max(last, HEADER_ROW + 200)}")
    number = DataValidation(type="decimal", operator="between", formula1="-1E15", formula2="1E15", allow_blank=True,
                            showErrorMessage=True, errorTitle="数值有误", error="请填写数字")
    ws.add_data_validation(number)
    number.add(f"G{HEADER_ROW + 1}:G{max(last, HEADER_ROW + 200)}")
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    _widths(ws, [16, 14, 10, 26, 24, 10, 14, 30])
    return download(wb, f"指标填报_{org.name}_{grid.period.code if grid.mode == 'org' else grid.year}.xlsx")


@dataclass
class UploadResult:
    errors: list[str]
    saved: int = 0
    warnings_only: bool = False


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def _no_progress(percent, message=""):
    pass


def import_upload(user, data: bytes, confirmed: bool = False, progress=_no_progress) -> UploadResult:
    """Read a filled template: every bad cell is listed with row, column and reason; all or nothing is saved."""
    progress(2, "正在打开文件")
    try:
        wb = open_xlsx(data)
        if "填报" not in wb.sheetnames:
            return UploadResult(["找不到“填报”工作表：请使用本系统下载的填报模板"])
        rows = list(sheet_rows(wb["填报"], MAX_ROWS, first_row=HEADER_ROW + 1))
    except ValidationError as exc:
        return UploadResult(exc.messages)
    if len(rows) < HEADER_ROW or [(_text(v)) for v in rows[HEADER_ROW - 1][: len(HEADER)]] != HEADER:
        return UploadResult([f"第 {HEADER_ROW} 行表头应为：{'、'.join(HEADER)}"])
    indicators = {i.code: i for i in Indicator.objects.all()}
    by_name = {i.name: i for i in indicators.values()}
    visible = OrgUnit.objects.visible_to(user)
    org_cache: dict = {}
    errors: list[str] = []
    cells: list[Cell] = []
    cell_pos: dict[str, str] = {}

    def bad(r, col, reason):
        errors.append(f"第 {r} 行 {get_column_letter(col)} 列（{HEADER[col - 1]}）：{reason}")

    progress(20, f"正在校验 {len(rows) - HEADER_ROW:,} 行")
    for r, row in enumerate(rows[HEADER_ROW:], start=HEADER_ROW + 1):
        if r % 1000 == 0:
            progress(20 + 40 * r / len(rows), f"正在校验第 {r:,} / {len(rows):,} 行")
        row = (list(row) + [None] * len(HEADER))[: len(HEADER)]
        code, oname, pcode, icode, iname, _unit, raw, note = (_text(v) for v in row)
        if not any((code, oname, pcode, icode, iname, raw, note)):
            continue
        key = code or oname
        if key not in org_cache:
            qs = visible.filter(code=code) if code else visible.filter(name=oname)
            org_cache[key] = qs.first() if qs.count() == 1 else None
        org = org_cache[key]
        if org is None:
            bad(r, 1 if code else 2, f"单位“{key}”不存在或不在您的管辖范围内" if key else "未填写单位")
        try:
            period = Period.parse(pcode)
        except PeriodError as e:
            period = None
            bad(r, 3, str(e) if pcode else "未填写期间")
        ind = indicators.get(icode) if icode else by_name.get(iname)
        if ind is None:
            bad(r, 4 if icode else 5, f"指标“{icode or iname}”不在指标目录中" if (icode or iname) else "未填写指标")
        if raw:
            try:
                parse_number(raw)
            except ValueError as e:
                bad(r, 7, str(e))
                continue
        if org is None or period is None or ind is None:
            continue
        cell = Cell(ind, org, period, raw, note=note, where=f"第 {r} 行 G 列（数值）")
        if cell.key in cell_pos:
            bad(r, 7, f"与{cell_pos[cell.key]}重复填报同一单位、期间、指标")
            continue
        cell_pos[cell.key] = f"第 {r} 行"
        cells.append(cell)
    if not errors and not cells:
        return UploadResult(["文件里没有可导入的数据"])
    if errors:
        return UploadResult(capped(errors))
    progress(60, f"正在核对并保存 {len(cells):,} 个数值")
    outcome = save_cells(user, cells, confirmed=confirmed)
    if not outcome.ok:
        return UploadResult(capped(outcome.messages()), warnings_only=not outcome.errors)
    return UploadResult([], saved=outcome.saved)
