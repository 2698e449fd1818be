"""read_document formats and failures; the CLI's output and its one-line Chinese errors (exit code 2)."""

import json
import subprocess
import zipfile

import pytest

from zhenwu.textkit import DocumentError, read_document
from zhenwu.textkit.cli import check_main, extract_main

from textkit_helpers import CORPUS, PYTHON, ROOT, minimal_pdf

REPORT = "全镇共排查矛盾纠纷128宗，调结111宗，调结率90.13%。新种中药材1500余亩。"


def make_docx(path, paragraphs, table_rows=()):
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if table_rows:
        table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for r, row in enumerate(table_rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    document.save(path)


def test_read_gbk_txt(tmp_path):
    p = tmp_path / "report.txt"
    p.write_bytes(REPORT.encode("gbk"))
    assert read_document(p) == REPORT


def test_read_gb18030_bytes_and_utf8_bom():
    assert read_document(REPORT.encode("gb18030")) == REPORT
    assert read_document(b"\xef\xbb\xbf" + REPORT.encode("utf-8")) == REPORT


def test_read_docx_with_table(tmp_path):
    p = tmp_path / "report.docx"
    make_docx(p, ["一、主要数据", "完成造林329亩。"], [["指标", "数值"], ["固定资产投资", "1.3673亿元"]])
    text = read_document(p)
    assert "完成造林329亩。" in text
    assert "固定资产投资\t1.3673亿元" in text


def test_read_pdf(tmp_path):
    p = tmp_path / "report.pdf"
    p.write_bytes(minimal_pdf(["Cases 128, resolved 111, rate 90.13%", "Area 1500 mu"]))
    text = read_document(p)
    assert "90.13%" in text and "1500" in text


def zip_bomb(path, size):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                member.write(chunk)


BAD_INPUTS = {
    "empty.txt": lambda p: p.write_bytes(b""),
    "binary.txt": lambda p: p.write_bytes(bytes(range(256)) * 64),
    "corrupt.docx": lambda p: p.write_bytes(b"PK\x03\x04 this is not really a zip file"),
    "corrupt.pdf": lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj garbage without xref"),
    "notpdf.pdf": lambda p: p.write_bytes("这不是PDF".encode()),
    "bomb.docx": lambda p: zip_bomb(p, 51 * 1024 * 1024),
    "report.xls": lambda p: p.write_bytes(b"whatever"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_inputs_raise_document_error(tmp_path, name):
    p = tmp_path / name
    BAD_INPUTS[name](p)
    with pytest.raises(DocumentError) as info:
        read_document(p)
    message = str(info.value)
    assert "\n" not in message and any("\u4e00" <= c <= "\u9fff" for c in message)


def test_zip_bomb_by_ratio_is_refused(tmp_path):
    p = tmp_path / "ratio.docx"
    zip_bomb(p, 20 * 1024 * 1024)
    with pytest.raises(DocumentError, match="压缩炸弹"):
        read_document(p)


def test_missing_file_is_document_error(tmp_path):
    with pytest.raises(DocumentError):
        read_document(tmp_path / "nope.txt")
    assert issubclass(DocumentError, ValueError)


@pytest.mark.parametrize("name", sorted(BAD_INPUTS) + ["missing.txt"])
@pytest.mark.parametrize("main", [extract_main, check_main])
def test_cli_errors_direct(tmp_path, capsys, name, main):
    p = tmp_path / name
    if name in BAD_INPUTS:
        BAD_INPUTS[name](p)
    assert main([str(p)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("错误：") and "Traceback" not in err


@pytest.mark.parametrize("name", ["empty.txt", "binary.txt", "corrupt.docx", "corrupt.pdf", "bomb.docx"])
@pytest.mark.parametrize("command", ["extract", "check"])
def test_cli_errors_subprocess(tmp_path, name, command):
    p = tmp_path / name
    BAD_INPUTS[name](p)
    r = subprocess.run([PYTHON, "-m", "zhenwu.textkit", command, str(p)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_cli_bad_option_is_one_line(capsys):
    assert extract_main(["x.txt", "--format", "xml"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_extract_jsonl(tmp_path, capsys):
    p = tmp_path / "r.txt"
    p.write_text(REPORT, encoding="utf-8")
    assert extract_main([str(p)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in records] == ["128宗", "111宗", "90.13%", "1500余亩"]
    assert all(REPORT[r["start"]:r["end"]] == r["text"] for r in records)


def test_extract_table(tmp_path, capsys):
    p = tmp_path / "r.txt"
    p.write_text(REPORT, encoding="utf-8")
    assert extract_main([str(p), "--format", "table"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["位置", "原文", "主体"] and len(lines) == 5


def test_check_text_and_jsonl(tmp_path, capsys):
    p = tmp_path / "r.txt"
    p.write_text("第一行\n" + REPORT, encoding="utf-8")
    assert check_main([str(p)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2:1  ") and "调结率应为 111/128 = 86.72%，文中为 90.13%" in out
    assert check_main([str(p), "--format", "jsonl"]) == 0
    record = json.loads(capsys.readouterr().out.splitlines()[0])
    assert record["kind"] == "arithmetic" and "message" in record


def test_stdin_gbk_via_module():
    r = subprocess.run([PYTHON, "-m", "zhenwu.textkit", "extract", "-"], input=REPORT.encode("gbk"),
                       capture_output=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr.decode()
    assert json.loads(r.stdout.decode().splitlines()[0])["text"] == "128宗"


def test_corpus_document_reads_and_checks(capsys):
    doc = sorted((CORPUS / "docs").glob("*.txt"))[0]
    assert check_main([str(doc), "--format", "jsonl"]) == 0
    assert capsys.readouterr().out.count("\n") > 5


def test_check_text_explains_new_kinds_with_their_arithmetic(tmp_path, capsys):
    p = tmp_path / "r.txt"
    p.write_text("开展培训12期，培训1044人次，期均97人次。三次产业结构调整为9.1∶40.7∶51.2。\n"
                 "深入学习贯彻新时代中国特色社会主义思想。\n", encoding="utf-8")
    assert check_main([str(p)]) == 0
    out = capsys.readouterr().out
    assert "【平均数与总数不符】1044人次÷12期=87人次，文中为97人次" in out
    assert "【结构比例之和不为100】" in out and "9.1+40.7+51.2=101" in out
    assert "【规范提法有误】" in out and "漏写“习近平”" in out
    assert "说明：" in out and "总数÷个数" in out and "各部分之和应为100" in out
    assert check_main([str(p), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r.get("family") for r in records if r["kind"] == "arithmetic"] == ["average", "structure"]


def test_every_kind_and_relation_has_a_chinese_explanation():
    from zhenwu.textkit import DEFECT_EXPLAINED, DEFECT_LABELS, FAMILY_LABELS

    labels = set(DEFECT_LABELS.values()) | set(FAMILY_LABELS.values())
    assert labels <= set(DEFECT_EXPLAINED)
    assert all(any("\u4e00" <= c <= "\u9fff" for c in DEFECT_EXPLAINED[label]) for label in labels)


def test_check_text_explains_changes_against_a_base(tmp_path, capsys):
    p = tmp_path / "r.txt"
    p.write_text("全年接处火警254起，较去年同期的355起，下降119起。全年植树4200株，比上年的3500株增700株，增25%。\n",
                 encoding="utf-8")
    assert check_main([str(p)]) == 0
    out = capsys.readouterr().out
    assert "【增减量与前后数字不符】355起−254起=101起，文中为119起" in out
    assert "【增幅与基数不符】700株÷3500株=20.00%，文中为25%" in out
    assert "说明：" in out and "C 应为两数之差" in out and "g=C÷A" in out
