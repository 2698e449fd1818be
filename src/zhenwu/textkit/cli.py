"""Command line: `zhenwu extract FILE` and `zhenwu check FILE` (FILE may be - for stdin)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata

from . import DEFECT_EXPLAINED, defect_label
from .extract import extract
from .layout import line_column
from .proofread import proofread
from .readers import DocumentError, read_document


class _ArgumentParser(argparse.ArgumentParser):
    """argparse that reports usage errors as one Chinese line and exit code 2."""

    def error(self, message: str):  # noqa: D401 - argparse API
        raise _UsageError(f"参数错误：{message}")


class _UsageError(Exception):
    pass


def extract_main(argv: list[str]) -> int:
    """`zhenwu extract FILE [--format jsonl|table]`: print the facts of a report."""
    return _run(argv, "extract", ("jsonl", "table"), "jsonl")


def check_main(argv: list[str]) -> int:
    """`zhenwu check FILE [--format jsonl|text]`: print the defects of a report."""
    return _run(argv, "check", ("jsonl", "text"), "text")


def _run(argv: list[str], command: str, formats: tuple[str, ...], default: str) -> int:
    parser = _ArgumentParser(prog=f"zhenwu {command}", add_help=True)
    parser.add_argument("file", metavar="FILE", help="报告文件（.txt/.docx/.pdf），- 表示标准输入")
    parser.add_argument("--format", choices=formats, default=default)
    try:
        args = parser.parse_args(argv)
        text = _read(args.file)
    except _UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except DocumentError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    try:
        _emit(sys.stdout, command, args.format, text)
    except BrokenPipeError:  # e.g. piped into `head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0


def _emit(out, command: str, fmt: str, text: str) -> None:
    if command == "extract":
        records = [f.to_dict() for f in extract(text)]
        if fmt == "jsonl":
            _write_jsonl(out, records)
        else:
            _write_table(out, records)
    else:
        defects = proofread(text)
        if fmt == "jsonl":
            _write_jsonl(out, [d.to_dict() for d in defects])
        else:
            locate = line_column(text)
            for d in defects:
                line, col = locate(d.start)
                out.write(f"{line}:{col}  {_one_line(d.text)}  【{defect_label(d)}】{d.message}\n")
            labels = sorted({defect_label(d) for d in defects} & set(DEFECT_EXPLAINED))
            if labels:
                out.write("\n说明：\n" + "".join(f"  {label}：{DEFECT_EXPLAINED[label]}\n" for label in labels))


def _read(name: str) -> str:
    if name == "-":
        return read_document(sys.stdin.buffer.read(), filename="stdin.txt")
    return read_document(name)


def _write_jsonl(out, records: list[dict]) -> None:
    for r in records:
        out.write(json.dumps(r, ensure_ascii=False) + "\n")


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _write_table(out, records: list[dict]) -> None:
    headers = ["位置", "原文", "主体", "数值", "单位", "类型", "约数"]
    rows = [[str(r["start"]), _one_line(r["text"]), r["subject"], json.dumps(r["value"]), r["unit"], r["kind"],
             "是" if r["approx"] else ""] for r in records]
    widths = [max([_width(h)] + [_width(row[i]) for row in rows]) for i, h in enumerate(headers)]
    for row in [headers] + rows:
        out.write("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths)).rstrip() + "\n")


def _one_line(s: str) -> str:
    return " ".join(s.split())
