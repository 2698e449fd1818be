"""Households and party members from Excel: the templates and the reading of a sheet (every row checked, all or
none). One `Sheet` per kind of person names its columns, the units it goes into and how a row becomes a record."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl import Workbook

from zhenwu.core.excel import open_xlsx, rows

from .models import HOME_LEVELS, Household, PartyMember

MAX_ROWS = 5000


@dataclass(frozen=True)
class Sheet:
    kind: str  # the job's name: assess.import_<kind>
    title: str  # 农户, 党员
    columns: tuple
    levels: tuple | None  # the levels of unit a row may name; None: any unit the user may fill in
    unit_hint: str
    page: str  # URL names of the import page and of the list it fills
    list_page: str
    counted: str  # 户, 名党员

    def units(self, qs):
        return qs.filter(level__in=self.levels) if self.levels else qs

    def build(self, org, row):
        """A new record from a row (not yet checked). A bad number raises ValueError with its message."""
        if self.kind == "households":
            h = Household(org=org, head=row.get("户主") or "", address=row.get("住址") or "",
                          member_names=row.get("家庭成员") or "", note=row.get("备注") or "")
            try:
                h.members = int(row.get("家庭人口") or 1)
            except (TypeError, ValueError):
                raise ValueError("家庭人口应为整数") from None
            person = h
        else:
            person = PartyMember(org=org, name=row.get("姓名") or "", post=row.get("类别") or "",
                                 note=row.get("备注") or "")
        person.idcard, person.phone = str(row.get("身份证号") or ""), str(row.get("联系电话") or "")
        return person


HOUSEHOLDS = Sheet("households", "农户", ("单位", "户主", "家庭人口", "家庭成员", "住址", "身份证号", "联系电话", "备注"),
                   HOME_LEVELS, "村或网格", "household_import", "household_list", "户")
MEMBERS = Sheet("members", "党员", ("单位", "姓名", "类别", "身份证号", "联系电话", "备注"), None, "党支部所在单位（村、社区或乡镇）",
                "member_import", "member_list", "名党员")
SHEETS = {s.kind: s for s in (HOUSEHOLDS, MEMBERS)}
COLUMNS = list(HOUSEHOLDS.columns)  # the household template's columns (kept for its callers)


def template(units, sheet: Sheet = HOUSEHOLDS) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet.title
    ws.append(list(sheet.columns))
    for col in ("身份证号", "联系电话"):  # kept as text: Excel would turn an 18-digit number into 4.2E+17
        ws.column_dimensions[ws.cell(row=1, column=sheet.columns.index(col) + 1).column_letter].number_format = "@"
    ws2 = wb.create_sheet("可填单位")
    for u in sheet.units(units).order_by("code"):
        ws2.append([u.name])
    return wb


def read(content, sheet: Sheet = HOUSEHOLDS) -> list[tuple[int, dict]]:
    """(row number, {column: text}) of every filled row; a sheet without the template's columns is refused."""
    from django.core.exceptions import ValidationError

    wb = open_xlsx(content)
    ws = wb.worksheets[0]
    header = None
    out = []
    for n, values in enumerate(rows(ws, MAX_ROWS), start=1):
        cells = ["" if v is None else str(v).strip() for v in values]
        if header is None:
            header = cells
            missing = [c for c in sheet.columns if c not in header]
            if missing:
                raise ValidationError(f"第 1 行表头缺少“{'”“'.join(missing)}”列：请使用{sheet.title}导入模板填写")
            continue
        if not any(cells):
            continue
        out.append((n, dict(zip(header, cells))))
    return out
