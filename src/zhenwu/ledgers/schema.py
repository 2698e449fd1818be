"""A ledger kind's definition (fields, workflow, deadline rule, report figures) and its validation.

A kind is data: a dict as it comes from a pack file or the admin's YAML editor. `validate_definition`
returns every problem as a Chinese message, so an administrator can fix a kind without reading code.
"""

from __future__ import annotations

import re

from zhenwu.core.roles import Role

FIELD_TYPES = {
    "text": "文本",
    "textarea": "长文本",
    "integer": "整数",
    "decimal": "小数（带单位）",
    "money": "金额（元）",
    "date": "日期",
    "choice": "单选",
    "multichoice": "多选",
    "person": "人名",
    "idcard": "身份证号",
    "phone": "电话",
    "org": "村（社区）/网格",
    "photo": "照片",
    "file": "附件",
}
NUMERIC_TYPES = {"integer", "decimal", "money"}
FILE_TYPES = {"photo", "file"}
PII_TYPES = {"idcard", "phone"}
COLORS = {"primary", "secondary", "success", "danger", "warning", "info", "dark"}
ROLES = {r.value for r in Role}
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# Keys of the entry itself; a field may not shadow them.
RESERVED = {"title", "occurred_on", "status", "deadline", "responsible", "org", "kind", "version", "ref"}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def validate_definition(d: dict) -> list[str]:
    """Every problem with a kind definition, as Chinese messages (empty: the kind is valid)."""
    errors: list[str] = []
    if not isinstance(d, dict):
        return ["台账类型定义应为键值对（YAML 映射）"]
    if not _KEY.match(str(d.get("code", ""))):
        errors.append("代码 code 应为小写英文字母开头的字母、数字、下划线（最多 40 位）")
    if not str(d.get("name", "")).strip():
        errors.append("名称 name 不能为空")

    fields = d.get("fields")
    if not isinstance(fields, list):
        errors.append("字段 fields 应为列表")
        fields = []
    by_key: dict[str, dict] = {}
    for i, f in enumerate(fields, start=1):
        where = f"第 {i} 个字段"
        if not isinstance(f, dict):
            errors.append(f"{where}应为键值对")
            continue
        key = str(f.get("key", ""))
        where = f"字段“{f.get('label') or key or i}”"
        if not _KEY.match(key):
            errors.append(f"{where}的 key 应为小写英文字母开头的字母、数字、下划线")
        elif key in RESERVED:
            errors.append(f"{where}的 key“{key}”与台账固有字段重名")
        elif key in by_key:
            errors.append(f"字段 key“{key}”重复")
        if not str(f.get("label", "")).strip():
            errors.append(f"{where}缺少名称 label")
        ftype = f.get("type")
        if ftype not in FIELD_TYPES:
            errors.append(f"{where}的类型“{ftype}”无效，可选：{'、'.join(FIELD_TYPES)}")
        if ftype in ("choice", "multichoice"):
            options = f.get("options")
            if not isinstance(options, list) or not options or not all(isinstance(o, str) and o for o in options):
                errors.append(f"{where}是选择题，options 应为非空的文字列表")
            elif len(set(options)) != len(options):
                errors.append(f"{where}的选项有重复")
        if ftype == "decimal" and "decimals" in f and not (isinstance(f["decimals"], int) and 0 <= f["decimals"] <= 6):
            errors.append(f"{where}的小数位 decimals 应为 0–6 的整数")
        by_key[key] = f

    wf = d.get("workflow")
    if not isinstance(wf, dict):
        errors.append("流程 workflow 应为键值对，含 initial、states、transitions")
        wf = {}
    states = {}
    for s in _list(wf.get("states")):
        code = str(s.get("code", "")) if isinstance(s, dict) else ""
        if not _KEY.match(code):
            errors.append(f"状态“{s}”的 code 无效")
            continue
        if code in states:
            errors.append(f"状态“{code}”重复")
        if not str(s.get("label", "")).strip():
            errors.append(f"状态“{code}”缺少名称 label")
        if s.get("color", "secondary") not in COLORS:
            errors.append(f"状态“{code}”的颜色应为 {'、'.join(sorted(COLORS))} 之一")
        states[code] = s
    if not states:
        errors.append("流程至少要有一个状态 states")
    if wf.get("initial") not in states:
        errors.append(f"初始状态 initial“{wf.get('initial')}”不在状态列表中")
    seen = set()
    for t in _list(wf.get("transitions")):
        if not isinstance(t, dict):
            errors.append(f"流转“{t}”应为键值对")
            continue
        src, dst = t.get("from"), t.get("to")
        name = f"流转 {src} → {dst}"
        if src not in states or dst not in states:
            errors.append(f"{name}引用了不存在的状态")
        elif states[src].get("terminal"):
            errors.append(f"{name}：终态“{states[src]['label']}”不能再流转")
        if (src, dst) in seen:
            errors.append(f"{name}重复")
        seen.add((src, dst))
        bad = [r for r in _list(t.get("roles")) if r not in ROLES]
        if not _list(t.get("roles")) or bad:
            errors.append(f"{name}的角色 roles 应为非空列表，可选：{'、'.join(sorted(ROLES))}")

    dl = d.get("deadline")
    if dl is not None:
        if not isinstance(dl, dict):
            errors.append("期限规则 deadline 应为键值对")
        else:
            days = dl.get("days")
            if dl.get("field"):
                f = by_key.get(dl["field"])
                if f is None or f.get("type") != "choice":
                    errors.append(f"期限规则按字段“{dl['field']}”区分，但它不是单选字段")
                elif not isinstance(days, dict) or any(k not in f.get("options", []) for k in days):
                    errors.append("期限规则 days 的键应为该字段的选项")
                if not isinstance(dl.get("default", 0), int):
                    errors.append("期限规则 default 应为天数（整数）")
            elif not isinstance(days, int) or days <= 0:
                errors.append("期限规则 days 应为正整数天数")

    rep = d.get("report") or {}
    keys = set()
    for c in _list(rep.get("counts")):
        keys.add(c.get("key"))
        for s in _list(c.get("states")):
            if s not in states:
                errors.append(f"统计项“{c.get('label')}”引用了不存在的状态“{s}”")
        errors += _check_where(c, by_key)
    for c in _list(rep.get("sums")):
        keys.add(c.get("key"))
        f = by_key.get(c.get("field"))
        if f is None or f.get("type") not in NUMERIC_TYPES:
            errors.append(f"合计项“{c.get('label')}”的字段“{c.get('field')}”不是数值字段")
        for s in _list(c.get("states")):
            if s not in states:
                errors.append(f"合计项“{c.get('label')}”引用了不存在的状态“{s}”")
        errors += _check_where(c, by_key)
    if len(keys) != len(_list(rep.get("counts"))) + len(_list(rep.get("sums"))):
        errors.append("统计项和合计项的 key 不能重复")
    for r in _list(rep.get("rates")):
        if r.get("num") not in keys or r.get("den") not in keys:
            errors.append(f"比率“{r.get('label')}”的 num/den 应为已定义的统计项 key")
    if rep.get("basis", "flow") not in ("flow", "stock"):
        errors.append("统计口径 basis 应为 flow（按发生期间）或 stock（期末在册）")
    return errors


def _check_where(item: dict, by_key: dict) -> list[str]:
    where = item.get("where")
    if not where:
        return []
    f = by_key.get(where.get("field"))
    if f is None:
        return [f"统计项“{item.get('label')}”的条件字段“{where.get('field')}”不存在"]
    bad = [v for v in _list(where.get("in")) if f.get("options") and v not in f["options"]]
    return [f"统计项“{item.get('label')}”的条件值“{v}”不是字段选项" for v in bad]
