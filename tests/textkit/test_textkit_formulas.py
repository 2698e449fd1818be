"""Standard formulas (规范提法): garbles are flagged under `formula`, standard forms and redactions are not."""

import pytest

from zhenwu.textkit import proofread
from zhenwu.textkit.proofread.formulas import _one_edit

GARBLED = [
    ("深入学习贯彻新时代中国特色社会主义思想。", "新时代中国特色社会主义思想", "漏写“习近平”"),
    ("深入学习贯彻习近年新时代中国特色社会主义思想。", "习近年新时代中国特色社会主义思想", "名字有误"),
    ("紧密团结在以同志为核心的党中央周围。", "为核心的党中央", "漏写"),
    ("增强政治意识、大局意识、核心意识、看齐意，做到两个维护。", "政治意识、大局意识、核心意识、看齐意", "看齐意识"),
    ("坚定道路自信、理论自信、制渡自信、文化自信。", "道路自信、理论自信、制渡自信、文化自信", "制度自信"),
    ("为实现中华名族伟大复兴而奋斗。", "中华名族伟大复兴", "中华民族伟大复兴"),
    ("认真学习党的二十精神。", "党的二十精神", "党的二十大精神"),
    ("不忘出心、牢记使命。", "不忘出心、牢记使命", "不忘初心、牢记使命"),
    ("培育和践行社会主义核心价值观观念，社会主义核心价直观。", "社会主义核心价直观", "社会主义核心价值观"),
    ("铸牢中华民族同体意识。", "铸牢中华民族同体意识", "共同体"),
]

STANDARD = [
    "深入学习贯彻习近平新时代中国特色社会主义思想和党的二十大精神。",
    "紧密团结在以习近平同志为核心的党中央周围，增强政治意识，大局意识，核心意识，看齐意识。",
    "为实现中华民族的伟大复兴，为实现中华民族伟大复兴。",
    "学习党的二十届三中全会精神和党的二十届二中全会精神。",  # numbers differ between meetings
    "坚持以***新时代中国特色社会主义思想为指导，学习贯彻党的XX大精神。",  # redactions: placeholder_name
    "坚持以A新时代中国特色社会主义思想为指导。",
]


@pytest.mark.parametrize("text, wrong, hint", GARBLED)
def test_garbled_formula_is_flagged(text, wrong, hint):
    found = [d for d in proofread(text) if d.kind == "formula"]
    assert len(found) == 1, found
    assert found[0].text == wrong and text[found[0].start:found[0].end] == wrong
    assert hint in found[0].message


@pytest.mark.parametrize("text", STANDARD)
def test_standard_formula_is_not_flagged(text):
    assert [d for d in proofread(text) if d.kind == "formula"] == []


def test_one_edit():
    assert _one_edit("abcd", "abd") and _one_edit("abd", "abcd") and _one_edit("abcd", "abxd")
    assert not _one_edit("abcd", "abcd") and not _one_edit("abcd", "ab") and not _one_edit("二中", "三中")


def test_formula_scan_is_linear_on_repeats():
    unit = "深入学习贯彻新时代中国特色社会主义思想，"
    assert len([d for d in proofread(unit * 2000) if d.kind == "formula"]) == 2000
