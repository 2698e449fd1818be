"""History pages read like a record: labels, choice and state labels, names, local times, masked personal data."""

import datetime as dt
import re

import pytest
from django.contrib.contenttypes.models import ContentType

from zhenwu.core.pii import idcard_check_digit
from zhenwu.ledgers import actions
from zhenwu.ledgers.models import LedgerEntry, LedgerKind

pytestmark = pytest.mark.django_db
ID = "42010519800101002" + idcard_check_digit("42010519800101002")
PHONE = "13912345678"


@pytest.fixture
def assisted(org, demo_user):
    """A 社会救助 entry with 身份证号 and phone, created then edited by the village clerk."""
    user = demo_user("qinghe-cun")
    kind = LedgerKind.objects.get(code="social_assistance")
    entry = actions.create_entry(user, kind, org("泉湖村"), title="张三低保申请", occurred_on=dt.date(2024, 3, 1),
                                 data={"aid_type": "低保", "head": "张三", "id_number": ID, "phone": PHONE,
                                       "members": 3, "amount": "436000", "village": org("泉湖村").code})
    entry = LedgerEntry.objects.get(pk=entry.pk)
    actions.update_entry(user, entry, entry.version, org=entry.org, title="张三低保申请（复核）",
                         occurred_on=entry.occurred_on, data={**entry.data, "phone": "13800001111", "members": 4})
    actions.transition(user, LedgerEntry.objects.get(pk=entry.pk), "reviewing", "入户核查完毕",
                       LedgerEntry.objects.get(pk=entry.pk).version)
    return entry


def _page(client, entry):
    ct = ContentType.objects.get_for_model(LedgerEntry)
    return client.get(f"/audit/{ct.pk}/{entry.pk}/").content.decode()


@pytest.mark.parametrize("username", ["qinghe-cun", "qinghe", "admin", "leader", "ducha"])
def test_history_masks_personal_data_for_every_role(login, assisted, username):
    page = _page(login(username), assisted)
    assert ID not in page and PHONE not in page and "13800001111" not in page
    assert ID[:6] + "********" + ID[-4:] in page and "139****5678" in page and "138****1111" in page


def test_history_reads_like_the_record(login, assisted):
    page = _page(login("qinghe-cun"), assisted)
    text = re.sub(r"<[^>]+>", " ", page)
    for wanted in ("身份证号", "联系电话", "保障人数（人）", "43.6万元", "泉湖村", "审核公示", "申请", "事项",
                   "张三低保申请（复核）", "已办结", "否"):
        assert wanted in text, wanted
    for raw in ("id_number", "aid_type", "kind_id", "org_id", "True", "False", "{'", "None", "reviewing", "applied"):
        assert raw not in text, raw
    created = re.search(r"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}):\d{2}", text).group(1)
    from django.utils import timezone

    assert abs(dt.datetime.strptime(created, "%Y-%m-%d %H:%M") - timezone.localtime().replace(tzinfo=None)) < dt.timedelta(minutes=5)


def test_global_log_is_masked_readable_and_folds_long_values(login, assisted, org):
    from zhenwu.core.actions import save

    village = org("泉湖村")
    village.note = "很长的备注" * 30
    save(None, village)
    page = login("qinghe").get("/audit/").content.decode()
    assert ID not in page and PHONE not in page and "id_number" not in page
    assert "（共 150 字）" in page and "<details>" in page


def test_value_page_renders_without_template_debris(login):
    """The ✎ page of an indicator value once rendered `<Block Node: content…>` (a context variable named `block`)."""
    from zhenwu.indicators.models import DataValue

    dv = DataValue.objects.filter(org__name="清河镇").first()
    for username in ("qinghe", "leader"):
        page = login(username).get(f"/indicators/values/{dv.pk}/").content.decode()
        assert "Block Node" not in page and "{{" not in page
