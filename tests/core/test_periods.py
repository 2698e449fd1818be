import datetime as dt

import pytest

from zhenwu.core.periods import Period, PeriodError


@pytest.mark.parametrize(
    "text,first,last,kind,label",
    [
        ("2023", 1, 12, "year", "2023年"),
        ("2023H1", 1, 6, "half", "2023年上半年"),
        ("2023h2", 7, 12, "half", "2023年下半年"),
        ("2023Q3", 7, 9, "quarter", "2023年第三季度"),
        ("2023-05", 5, 5, "month", "2023年5月"),
        ("2023-5", 5, 5, "month", "2023年5月"),
    ],
)
def test_parse(text, first, last, kind, label):
    p = Period.parse(text)
    assert (p.first_month, p.last_month, p.kind, p.label) == (first, last, kind, label)
    assert Period.parse(p.code) == p


@pytest.mark.parametrize("text", ["2023Q5", "2023Q0", "2023H3", "2023-13", "2023-00", "23", "二〇二三", "", "1800"])
def test_bad_periods_have_chinese_messages(text):
    with pytest.raises(PeriodError, match="无效的期间"):
        Period.parse(text)


def test_last_year_and_cumulative():
    p = Period.parse("2024-05")
    assert p.last_year().code == "2023-05"
    assert p.cumulative().code == "2024-01..05"
    assert [m.code for m in p.cumulative().months()] == [f"2024-{m:02d}" for m in range(1, 6)]
    assert Period.parse("2023Q2").cumulative() == Period.parse("2023H1")
    assert Period.parse("2023Q4").cumulative() == Period.parse("2023")


def test_dates():
    p = Period.parse("2024-02")
    assert (p.start, p.end) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert Period.parse("2023H2").contains(dt.date(2023, 12, 31))
    assert not Period.parse("2023H2").contains(dt.date(2023, 6, 30))
