"""`zhenwu demo`: load the demo county and every area's demo records, in one transaction."""

from django.db import transaction

from zhenwu.core import demo as core_demo
from zhenwu.core.audit import acting_as
from zhenwu.core.registry import demo_loaders


def load_demo() -> None:
    """Every app's loader (declared in its registry entry), in their order; each is idempotent."""
    with acting_as(None), transaction.atomic():
        for loader in demo_loaders():
            loader()


def accounts_table() -> str:
    lines = [f"演示账号（密码均为 {core_demo.DEMO_PASSWORD}）："]
    for username, full_name, _code, role in core_demo.ACCOUNTS:
        lines.append(f"  {username:<12} {full_name}（{role.label}）")
    return "\n".join(lines)
