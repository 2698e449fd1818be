"""Field validation and masking, deadlines, the compare-and-swap save, and stats in the database."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from zhenwu.core.pii import mask, validate_idcard, validate_phone
from zhenwu.ledgers import actions
from zhenwu.ledgers.models import ConflictError, LedgerEntry
from zhenwu.ledgers.stats import stats


def test_idcard_checksum_and_masks():
    assert validate_idcard("11010519491231002x") == "11010519491231002X"
    for bad, text in [("1101051949123100", "18 位"), ("110105194913310025", "出生日期"), ("110105194912310021", "校验位")]:
        with pytest.raises(ValidationError, match=text):
            validate_idcard(bad)
    assert mask("idcard", "11010519491231002X") == "110105********002X"
    assert mask("phone", "13812345678") == "138****5678"
    assert validate_phone("0715-1234567") == "0715-1234567"
    with pytest.raises(ValidationError):
        validate_phone("1381234")


@pytest.mark.django_db
def test_deadline_by_severity_and_overdue_in_stats(make_entry, org):
    major = make_entry("石岭村", place="石岭小学", severity="重大隐患")
    minor = make_entry("石岭村", place="石岭超市", severity="一般隐患")
    assert major.deadline == dt.date(2024, 5, 13) and minor.deadline == dt.date(2024, 6, 5)
    s = stats("safety_hazard", org("石岭村"), "2024-05", today=dt.date(2024, 5, 20))
    assert (s.total, s.overdue, s.by_state) == (2, 1, {"found": 2})


@pytest.mark.django_db
def test_compare_and_swap_never_loses_an_update(make_entry):
    entry = make_entry()
    a, b = LedgerEntry.objects.get(pk=entry.pk), LedgerEntry.objects.get(pk=entry.pk)

    def edit(e, title):
        actions.update_entry(None, e, e.version, org=e.org, title=title, occurred_on=e.occurred_on, data=e.data)

    edit(a, "甲")
    with pytest.raises(ConflictError, match="已被他人修改"):
        edit(b, "乙")
    fresh = LedgerEntry.objects.get(pk=entry.pk)
    assert (fresh.title, fresh.version) == ("甲", 2)


@pytest.mark.django_db
def test_sums_are_exact_decimals(org):
    s = stats("farmland_outflow", org("石岭镇"), "2023")
    assert s.figures["area"].value == Decimal("91.87") and s.figures["area"].text == "91.87亩"
    assert stats("dispute", org("清河镇"), "2023").figures["amount"].text.endswith("万元")
