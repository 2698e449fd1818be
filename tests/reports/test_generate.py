import pytest

from zhenwu.reports import actions, services
from zhenwu.textkit import proofread

pytestmark = pytest.mark.django_db


@pytest.fixture
def annual(org):
    report, _ = actions.get_or_create_report(None, org("清河镇"), services.outline_for("annual"), "2023")
    return report


def test_annual_report_headline_figures_of_seed_000(annual):
    text = "\n".join(s.text for s in annual.sections.all())
    print(text)
    assert "全镇完成工农业总值18.14亿元，同比增长9.8%" in text
    assert "固定资产投资1.37亿元，同比增长38.2%" in text
    assert "实施重点项目8个，总投资6.80亿元" in text


def test_generated_text_has_no_defects(annual):
    for section in annual.sections.all():
        assert proofread(section.text) == [], (section.title, section.text)


def test_generation_has_a_query_budget(org):
    """Every figure of the annual report is read from a few batched queries (indicator values grouped by
    indicator, the statistics of all ledger kinds in one `stats_many` call, provenance records in one windowed
    query per source type): 66 queries for the demo town (82 with two statistics queries per ledger kind), and a
    few more to read and keep the indicator figures (`indicators.figures`; the inserts that keep them are batched,
    as many as the database's statement size needs, and not counted). Resolving figures one by one took 593; this
    catches a return to per-figure queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhenwu.reports.models import Report

    def counted(queries):
        return [q for q in queries if not q["sql"].startswith(("INSERT OR IGNORE INTO \"indicators_figure\"",
                                                                 'INSERT INTO "indicators_figure"'))]

    town, outline = org("清河镇"), services.outline_for("annual")
    Report.objects.filter(org=town, outline=outline, period="2023").delete()
    with CaptureQueriesContext(connection) as first:
        report, created = actions.get_or_create_report(None, town, outline, "2023")
    assert created and report.sections.filter(figures__isnull=False).exclude(figures=[]).count() >= 8
    assert len(counted(first.captured_queries)) <= 80
    with CaptureQueriesContext(connection) as again:
        actions.generate(None, report)
    assert len(counted(again.captured_queries)) <= 75


def test_report_data_reads_all_ledger_kinds_in_a_few_queries(org, django_assert_num_queries):
    """ReportData computes the statistics of every ledger kind its outline names in one `stats_many` batch, as of
    the end of the period (two aggregate queries, the later transitions, the entries changed since)."""
    from zhenwu.core.periods import Period
    from zhenwu.ledgers.stats import stats
    from zhenwu.core.reporting import ReportData

    town, period = org("清河镇"), Period.parse("2023")
    codes = ["safety_hazard", "dispute", "poverty_monitor", "river_patrol"]
    data = ReportData(town, period, [{"ledger": c} for c in codes])
    kinds = [data.figure_set("ledger").kind(c) for c in codes]
    with django_assert_num_queries(4):
        got = [data.source({"ledger": c}).stats() for c in codes]
    for kind, result in zip(kinds, got):
        assert result.kind == kind
        expected = stats(kind, town, period, as_of=period.end)
        assert (result.total, result.closed, result.overdue, result.by_state) == (
            expected.total, expected.closed, expected.overdue, expected.by_state)
        assert {k: f.value for k, f in result.figures.items()} == {k: f.value for k, f in expected.figures.items()}


@pytest.mark.parametrize(
    "town,sentences",
    [
        ("清河镇", ["排查安全隐患62处，已整改62处，整改率100%", "排查矛盾纠纷65次，调解矛盾纠纷107件"]),
        ("石岭镇", ["调解矛盾纠纷464件", "全镇共有防返贫监测户125户564人"]),
        ("城关街道", ["办理12345工单1978件，满意率83.1%", "受理信访事项24件，办结24件，满意率95%"]),
    ],
)
def test_ledger_sentences_use_the_kinds_report_figures(org, town, sentences):
    """The figures each ledger kind defines for reports reach the text as the corpus reports state them."""
    report, _ = actions.get_or_create_report(None, org(town), services.outline_for("annual"), "2023")
    text = "\n".join(s.text for s in report.sections.all())
    for sentence in sentences:
        assert sentence in text
    assert proofread(text) == []
