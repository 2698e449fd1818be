"""`zhenwu demo`: load the demo county and every area's demo records, in one transaction."""

from django.db import transaction

from zhenwu.core import demo as core_demo
from zhenwu.core.audit import acting_as
from zhenwu.indicators import demo as indicators_demo
from zhenwu.ledgers import demo as ledgers_demo
from zhenwu.plans import demo as plans_demo
from zhenwu.reports import demo as reports_demo

# Each area adds its loader here; loaders are idempotent and run in this order.
LOADERS = [core_demo.load, indicators_demo.load, ledgers_demo.load, plans_demo.load, reports_demo.load]


def load_demo() -> None:
    with acting_as(None), transaction.atomic():
        for loader in LOADERS:
            loader()


def accounts_table() -> str:
    lines = [f"演示账号（密码均为 {core_demo.DEMO_PASSWORD}）："]
    for username, full_name, _code, role in core_demo.ACCOUNTS:
        lines.append(f"  {username:<12} {full_name}（{role.label}）")
    return "\n".join(lines)
