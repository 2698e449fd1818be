"""积分超市: a redemption takes points and stock, never below zero — even with two clerks at once (SQLite and
PostgreSQL alike: the run on ZHENWU_TEST_DATABASE_URL proves the second)."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from zhenwu.assess import actions
from zhenwu.assess.models import Goods, Household, PointRecord, PointState, Redemption
from zhenwu.core.models import AuditLog


def _funded(org, head, points):
    """A household of 泉湖村第一网格 with `points` approved."""
    from zhenwu.assess.models import PointRule

    h = actions.save_household(None, Household(org=org("泉湖村第一网格"), head=head, members=2))
    rule = PointRule.objects.get(org=org("清河镇"), name="红白喜事简办、移风易俗")  # 10 points, no photo
    day = dt.date(2024, 1, 5)
    while Household.objects.get(pk=h.pk).balance < points:
        actions.record_points(None, household=h, rule=rule, occurred_on=day, state=PointState.APPROVED)
        day += dt.timedelta(days=31)
    h.refresh_from_db()
    return h


@pytest.mark.django_db
def test_redemption_takes_points_and_stock(login, org):
    h = _funded(org, "兑换户", 60)
    goods = actions.save_goods(None, Goods(org=org("清河镇"), name="测试毛巾", price=10, stock=5))
    client = login("qinghe-cun")
    resp = client.post("/assess/shop/redeem/", {"subject": h.pk, "goods": goods.pk, "quantity": 2})
    assert resp.status_code == 302
    h.refresh_from_db()
    goods.refresh_from_db()
    assert h.balance == 40 and goods.stock == 3
    assert Redemption.objects.get(household=h).points == 20


@pytest.mark.django_db
def test_beyond_balance_or_stock_is_refused_with_nothing_changed(login, org):
    h = _funded(org, "余额不足户", 30)
    goods = actions.save_goods(None, Goods(org=org("清河镇"), name="测试电饭锅", price=20, stock=1))
    client = login("qinghe-cun")
    before = (Redemption.objects.count(), AuditLog.objects.count())
    resp = client.post("/assess/shop/redeem/", {"subject": h.pk, "goods": goods.pk, "quantity": 2})
    assert resp.status_code == 200 and "库存不足：“测试电饭锅”仅剩 1 件" in resp.content.decode()
    goods.stock = 5
    actions.save_goods(None, goods)
    before = (Redemption.objects.count(), AuditLog.objects.count())
    resp = client.post("/assess/shop/redeem/", {"subject": h.pk, "goods": goods.pk, "quantity": 2})
    assert resp.status_code == 200 and "积分不足：需 40 分" in resp.content.decode()
    h.refresh_from_db()
    goods.refresh_from_db()
    assert h.balance == 30 and goods.stock == 5  # the stock taken before the balance failed is back
    assert (Redemption.objects.count(), AuditLog.objects.count()) == before


@pytest.mark.django_db
def test_a_grid_worker_cannot_redeem_for_a_household_outside_the_grid(demo_user, org):
    h = _funded(org, "邻格户", 20)
    h.org = org("泉湖村第二网格")
    actions.save_household(None, h)
    goods = Goods.objects.filter(org=org("清河镇")).first()
    with pytest.raises(ValidationError, match="不在您负责的网格"):
        actions.redeem(demo_user("qinghe-wg"), goods=goods, quantity=1, household=h)


def _race(calls):
    """Run the calls at the same moment in their own threads (own connections); their outcomes."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = ("ok", call())
        except ValidationError as exc:
            results[i] = ("refused", " ".join(exc.messages))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion
            results[i] = ("error", repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_clerks_at_once_never_overdraw_a_balance_or_the_stock(demo_db, org, demo_user):
    clerk = demo_user("qinghe-cun")
    # a balance that pays for one item, not two
    h = _funded(org, "并发户", 30)
    goods = actions.save_goods(None, Goods(org=org("清河镇"), name="并发测试食用油", price=25, stock=10))
    for _ in range(3):
        results = _race([lambda: actions.redeem(clerk, goods=goods, quantity=1, household=h)] * 2)
        assert not [r for r in results if r[0] == "error"], results
        h.refresh_from_db()
        assert h.balance >= 0
    assert h.balance == 5 and Redemption.objects.filter(household=h).count() == 1
    assert sorted(r[0] for r in results) == ["refused", "refused"]
    # stock of one, two households with points enough
    a, b = _funded(org, "并发甲", 30), _funded(org, "并发乙", 30)
    last = actions.save_goods(None, Goods(org=org("清河镇"), name="并发测试电水壶", price=20, stock=1))
    results = _race([lambda: actions.redeem(clerk, goods=last, quantity=1, household=a),
                     lambda: actions.redeem(clerk, goods=last, quantity=1, household=b)])
    assert sorted(r[0] for r in results) == ["ok", "refused"], results
    assert any("库存不足" in r[1] for r in results if r[0] == "refused")
    last.refresh_from_db()
    a.refresh_from_db()
    b.refresh_from_db()
    assert last.stock == 0 and sorted([a.balance, b.balance]) == [10, 30]
    assert Redemption.objects.filter(goods=last).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_credit_a_record_once(demo_db, org, demo_user):
    h = _funded(org, "并发审核户", 0)
    from zhenwu.assess.models import PointRule

    rule = PointRule.objects.get(org=org("清河镇"), name="十户长协助化解矛盾纠纷")
    record = actions.record_points(demo_user("qinghe-wg"), household=h, rule=rule, occurred_on=dt.date(2024, 3, 1))
    reviewers = [demo_user("qinghe-cun"), demo_user("qinghe")]
    results = _race([lambda u=u: actions.review_points(u, PointRecord.objects.get(pk=record.pk), True)
                     for u in reviewers])
    assert sorted(r[0] for r in results) == ["ok", "refused"], results
    h.refresh_from_db()
    assert h.balance == 5
