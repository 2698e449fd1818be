"""1–N月 progress reports: 累计, 同比 against the same months, 预计全年 with its method said, 完成全年目标; bad periods
are refused in Chinese and nothing is saved."""

import pytest
from django.core.exceptions import ValidationError

from zhenwu.core.periods import Period, PeriodError
from zhenwu.indicators import actions as indicator_actions
from zhenwu.indicators.models import Indicator
from zhenwu.reports import actions, services
from zhenwu.reports.builders import BuildContext, build_facts
from zhenwu.reports.models import Report

pytestmark = pytest.mark.django_db

ITEM = {"indicator": "industrial_output_above_scale",
        "text": "规模以上工业总产值累计完成{value}[，{yoy}][，完成全年目标的{completion}][，预计全年{forecast}（{forecast_method}）]"}


def sentence(org, period, item=ITEM):
    result = build_facts(BuildContext(org, Period.parse(period)), {"items": [item]})
    return result.paragraphs[0] if result.paragraphs else "", {f.metric: f for f in result.figures}


def test_range_periods_parse_and_bad_ones_are_refused():
    p = Period.parse("2023-01..05")
    assert (p.first_month, p.last_month, p.code, p.label) == (1, 5, "2023-01..05", "2023年1—5月")
    with pytest.raises(PeriodError, match="月份只能是 01–12"):
        Period.parse("2023-13")
    with pytest.raises(PeriodError, match="起始月份 5 月晚于结束月份 3 月"):
        Period.parse("2023-05..03")


def test_seasonal_forecast_from_last_years_share(org):
    """2024年1—5月: last year's 1—5月 and whole year are known, so the forecast follows last year's pattern."""
    town = org("清河镇")
    text, figs = sentence(town, "2024-01..05")
    so_far, last_part, last_year = figs["value"].value, figs["yoy"].value, None
    assert text.startswith(f"规模以上工业总产值累计完成{figs['value'].text}，同比增长")
    assert "（按上年同期占全年比重推算）" in text and "完成全年目标的" in text
    from zhenwu.indicators import services as ind
    last_part = ind.value("industrial_output_above_scale", town, "2023-01..05")
    last_year = ind.value("industrial_output_above_scale", town, "2023")
    assert figs["forecast"].value == so_far * last_year / last_part
    assert "上年全年" in figs["forecast"].computation


def test_pro_rata_when_last_year_has_no_months(org):
    text, figs = sentence(org("清河镇"), "2023-01..03")
    assert "（按已过月份平均推算）" in text
    assert figs["forecast"].value == figs["value"].value * 12 / 3
    assert "同比" not in text  # 2022 has no monthly figures: nothing is said of them


def test_the_clerks_estimate_is_used_and_said(org):
    town = org("清河镇")
    ind = Indicator.objects.get(code="industrial_output_above_scale")
    out = indicator_actions.save_cells(None, [indicator_actions.Cell(ind, town, Period.parse("2024"), "3300",
                                                                     note="预计全年（单位估算）")])
    assert out.ok, out.messages()
    text, figs = sentence(town, "2024-01..05")
    assert "预计全年3300万元（单位预估）" in text


def test_no_forecast_for_a_whole_year_or_without_data(org):
    text, figs = sentence(org("清河镇"), "2023")
    assert "预计全年" not in text and "forecast" not in figs
    text, figs = sentence(org("清河镇"), "1999-01..05")
    assert text == ""


def test_progress_report_and_its_bad_periods(org):
    town = org("清河镇")
    outline = services.outline_for("progress", town)
    report, _ = actions.get_or_create_report(None, town, outline, "2024-01..05")
    assert report.title == "清河镇2024年1—5月工作进展情况"
    first = report.sections.get(key="indicators")
    assert first.title == "2024年1—5月主要经济指标完成情况" and "预计全年" in first.body
    before = Report.objects.count()
    for bad, message in [("2023-13", "月份只能是 01–12"), ("2023-05..03", "起始月份 5 月晚于结束月份 3 月"),
                         ("2023-03..05", "应从1月起"), ("2023", "应从1月起")]:
        with pytest.raises((ValidationError, PeriodError)) as e:
            actions.get_or_create_report(None, town, outline, bad)
        assert message in str(e.value)
    assert Report.objects.count() == before
