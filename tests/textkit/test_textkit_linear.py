"""Long runs that used to make regexes backtrack quadratically: they complete and every span indexes the input.

Nothing here asserts time (the machine may be busy); benchmarks/textkit/bench_linear.py shows time against size.
"""

import pytest

from zhenwu.textkit import extract, proofread

N = 300_000
RUNS = {
    "X": "X", "x": "x", "×": "×", "*": "*", "digits": "7", "full-width digits": "７", "decimals": "1.",
    "Chinese numerals": "十", "mixed": "12X亩x3%", "ratios": "1∶", "formula": "新时代中国特色社会主义思想，",
}


def run_of(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


@pytest.mark.parametrize("name", RUNS)
def test_long_run_completes_and_spans_index_input(name):
    text = run_of(RUNS[name], N)
    facts = extract(text)
    for f in facts:
        assert 0 <= f.start < f.end <= len(text) and text[f.start:f.end] == f.text
    for d in proofread(text, facts):
        assert 0 <= d.start <= d.end <= len(text) and text[d.start:d.end] == d.text


def test_runs_next_to_units_still_read():
    # the scan must not lose what ends a run: XXXX万元 is one placeholder, a figure after a long run still reads
    text = "X" * 1000 + "万元，" + "7" * 5000 + "，共1234567件，" + "十" * 5000 + "，二十人"
    assert [f.text for f in extract(text)] == ["1234567件", "二十人"]
    assert [d.text for d in proofread(text) if d.kind == "placeholder"] == ["X" * 1000 + "万元"]
