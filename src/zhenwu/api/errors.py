"""The API's request-validation errors (pydantic's, in English) said in Chinese."""

from __future__ import annotations

_WHERE = {"body": "请求体", "query": "查询参数", "path": "路径参数", "header": "请求头", "form": "表单", "cookie": "Cookie"}

_TYPES = {
    "missing": "必须填写",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文字",
    "date_parsing": "应为日期，写作 2023-05-01",
    "date_from_datetime_parsing": "应为日期，写作 2023-05-01",
    "date_type": "应为日期，写作 2023-05-01",
    "datetime_parsing": "应为日期时间",
    "list_type": "应为列表",
    "dict_type": "应为 JSON 对象",
    "model_type": "应为 JSON 对象",
    "model_attributes_type": "应为 JSON 对象",
    "json_invalid": "不是有效的 JSON",
    "json_type": "不是有效的 JSON",
    "finite_number": "应为有限的数字",
    "literal_error": "不是允许的取值",
    "enum": "不是允许的取值",
    "extra_forbidden": "不是接口定义的字段",
    "uuid_parsing": "应为 UUID",
    "value_error": "取值无效",
    "string_unicode": "含有无效字符",
}


def _bound(err: dict, key: str):
    ctx = err.get("ctx") or {}
    return ctx.get(key)


def _message(err: dict) -> str:
    kind = err.get("type", "")
    if kind in ("greater_than_equal", "greater_than"):
        return f"不能小于{'或等于' if kind == 'greater_than' else ''} {_bound(err, 'ge') if kind == 'greater_than_equal' else _bound(err, 'gt')}"
    if kind in ("less_than_equal", "less_than"):
        return f"不能大于{'或等于' if kind == 'less_than' else ''} {_bound(err, 'le') if kind == 'less_than_equal' else _bound(err, 'lt')}"
    if kind == "string_too_long":
        return f"不能超过 {_bound(err, 'max_length')} 个字"
    if kind == "string_too_short":
        return f"至少需要 {_bound(err, 'min_length')} 个字"
    if kind in ("too_long",):
        return f"不能超过 {_bound(err, 'max_length')} 项"
    if kind == "decimal_max_digits":
        return f"数字总位数不能超过 {_bound(err, 'max_digits')} 位"
    if kind == "decimal_max_places":
        return f"小数不能超过 {_bound(err, 'decimal_places')} 位"
    if kind == "string_pattern_mismatch":
        return "格式不正确"
    return _TYPES.get(kind, "取值无效")


def schema_messages(errors: list[dict]) -> list[str]:
    """One Chinese line per error: where (查询参数 offset), then what is wrong."""
    out = []
    for err in errors[:20]:
        loc = [str(p) for p in err.get("loc", ())]
        where = _WHERE.get(loc[0], loc[0]) if loc else ""
        rest = [p for p in loc[1:] if p not in ("payload", "filters")]
        name = ".".join(rest)
        out.append(f"{where}{(' ' + name) if name else ''}：{_message(err)}")
    return list(dict.fromkeys(out)) or ["请求不符合接口定义"]
