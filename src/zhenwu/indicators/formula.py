"""Indicator formulas: + − × ÷ and parentheses over other indicators' codes, parsed safely with `ast`."""

from __future__ import annotations

import ast
from decimal import Decimal, DivisionByZero, InvalidOperation


class FormulaError(ValueError):
    """A formula that cannot be read; the message is for the user."""


_OPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b}


def _parse(text: str) -> ast.expr:
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        raise FormulaError(f"公式“{text}”写法有误：只能使用指标代码、数字、+ - * / 和括号") from None
    for node in ast.walk(tree):
        ok = isinstance(node, (ast.BinOp, ast.Name, ast.Load, ast.UnaryOp, ast.USub, *_OPS)) or (
            isinstance(node, ast.Constant) and isinstance(node.value, (int, float))
        )
        if not ok:
            raise FormulaError(f"公式“{text}”写法有误：只能使用指标代码、数字、+ - * / 和括号")
    return tree


def references(text: str) -> set[str]:
    return {n.id for n in ast.walk(_parse(text)) if isinstance(n, ast.Name)}


def evaluate(text: str, lookup) -> Decimal | None:
    """Evaluate with `lookup(code) -> Decimal | None`; None if any input is missing or a divisor is zero."""

    def ev(node):
        if isinstance(node, ast.Constant):
            return Decimal(str(node.value))
        if isinstance(node, ast.Name):
            v = lookup(node.id)
            if v is None:
                raise LookupError
            return Decimal(v)
        if isinstance(node, ast.UnaryOp):
            return -ev(node.operand)
        return _OPS[type(node.op)](ev(node.left), ev(node.right))

    try:
        return ev(_parse(text))
    except (LookupError, DivisionByZero, InvalidOperation, ZeroDivisionError):
        return None
