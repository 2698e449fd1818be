"""Statistics as of a past day: an entry counts in the state it was in at the end of that day (reports of a period
that has ended, evaluation rounds), however it moved since."""

import datetime as dt

import pytest
from django.utils import timezone

from zhenwu.core.periods import Period
from zhenwu.core.reporting import ReportData
from zhenwu.ledgers import actions
from zhenwu.ledgers.models import LedgerEntry, LedgerKind, Transition
from zhenwu.ledgers.stats import stats, stats_many, summarize

pytestmark = pytest.mark.django_db
END_2024 = dt.date(2024, 12, 31)


@pytest.fixture
def fixed_in_2025(make_entry, demo_user):
    """A hazard found in 泉湖村 on 2024-05-06 and recorded then, rectified only in 2025."""
    entry = make_entry()
    tz = timezone.get_current_timezone()
    entry.transitions.update(at=dt.datetime(2024, 5, 6, 10, tzinfo=tz))
    for to in ("rectifying", "rectified"):
        entry.refresh_from_db()
        actions.transition(demo_user("qinghe"), entry, to, "整改", entry.version)
    entry.transitions.filter(to_state__in=["rectifying", "rectified"]).update(at=dt.datetime(2025, 2, 1, 9, tzinfo=tz))
    entry.refresh_from_db()
    assert entry.status == "rectified" and entry.closed
    return entry


def _counts(s):
    return s.total, s.closed, s.overdue, s.by_state.get("found", 0), s.figures["rectified"].value


@pytest.mark.parametrize("raw", [False, True])
def test_a_case_closed_later_counts_open_as_of_the_end_of_its_year(org, fixed_in_2025, raw):
    village = org("泉湖村")
    now = stats_many(["safety_hazard"], village, "2024", raw=raw)["safety_hazard"]
    then = stats_many(["safety_hazard"], village, "2024", raw=raw, as_of=END_2024)["safety_hazard"]
    assert now.closed - then.closed == 1 and then.by_state["found"] - now.by_state.get("found", 0) == 1
    assert now.figures["rectified"].value - then.figures["rectified"].value == 1
    # overdue as of that day: its 30 days ran out in June 2024
    assert then.overdue - now.overdue == 1
    assert _counts(stats("safety_hazard", village, "2024", as_of=END_2024)) == _counts(then)
    kind = LedgerKind.objects.get(code="safety_hazard")
    qs = LedgerEntry.objects.within(village).filter(kind=kind, occurred_on__year=2024)
    assert _counts(summarize(kind, qs, Period.parse("2024"), as_of=END_2024)) == _counts(then)


def test_as_of_today_or_later_is_the_current_state(org, fixed_in_2025):
    village = org("泉湖村")
    now = stats("safety_hazard", village, "2024")
    for day in (timezone.localdate(), timezone.localdate() + dt.timedelta(days=400)):
        assert _counts(stats("safety_hazard", village, "2024", as_of=day)) == _counts(now)


def test_a_case_recorded_after_the_day_counts_in_the_state_it_was_recorded_in(org, make_entry, demo_user):
    """Recorded late (in 2025) for something that happened in 2024: at the end of 2024 it is counted as found."""
    entry = make_entry()
    entry.transitions.update(at=dt.datetime(2025, 3, 1, 9, tzinfo=timezone.get_current_timezone()))
    actions.transition(demo_user("qinghe"), entry, "rectifying", "整改", entry.version)
    Transition.objects.filter(entry=entry, to_state="rectifying").update(
        at=dt.datetime(2025, 3, 2, 9, tzinfo=timezone.get_current_timezone()))
    then = stats("safety_hazard", org("泉湖村"), "2024", as_of=END_2024)
    assert then.by_state.get("found") == 1 + stats("safety_hazard", org("泉湖村"), "2024").by_state.get("found", 0)


def test_a_report_of_an_ended_year_reads_the_states_at_its_end(org, fixed_in_2025):
    village, period = org("泉湖村"), Period.parse("2024")
    source = ReportData(village, period, [{"ledger": "safety_hazard"}]).source({"ledger": "safety_hazard"})
    assert _counts(source.stats()) == _counts(stats("safety_hazard", village, "2024", as_of=END_2024))
    assert source.metric("open").value == 1 + stats("safety_hazard", village, "2024").total - stats(
        "safety_hazard", village, "2024").closed


def test_the_demo_has_no_case_of_an_earlier_year_still_open(org):
    """Every case of the corpus year and before still open at the end of 2023 was finished after it; the 2023
    reports still say they were open then."""
    this_year = timezone.localdate().year
    finishing = [k.pk for k in LedgerKind.objects.all() if k.done_states]
    old_open = LedgerEntry.objects.filter(kind_id__in=finishing, closed=False, occurred_on__year__lt=this_year)
    assert not old_open.exists()
    hazards_2023 = stats("safety_hazard", org("城关街道"), "2023", as_of=dt.date(2023, 12, 31))
    assert hazards_2023.by_state == {"verified": 15, "rectifying": 9}  # 经营性自建房24户，已修缮加固15户
    assert stats("safety_hazard", org("城关街道"), "2023").by_state == {"verified": 15, "rectified": 9}
