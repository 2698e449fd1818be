"""年终考核: task scores rolled up per responsible unit or per lead leader, ranked (mean score, then tasks)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal


def score_rows(tasks, by: str = "unit") -> list[dict]:
    """Rows {rank, name, tasks, scored, score} for the tasks' units (responsible units, else the task's own unit)
    or lead leaders; units or leaders with no scored task come last, unranked."""
    groups: dict[str, list] = defaultdict(list)
    for task in tasks.select_related("org", "leader").prefetch_related("units"):
        if by == "leader":
            if task.leader is None:
                continue
            keys = [task.leader.get_full_name() or task.leader.get_username()]
        else:
            keys = [u.name for u in task.units.all()] or [task.org.name]
        for key in keys:
            groups[key].append(task.score)
    rows = []
    for name, scores in groups.items():
        scored = [s for s in scores if s is not None]
        mean = (sum(scored, Decimal(0)) / len(scored)).quantize(Decimal("0.1")) if scored else None
        rows.append({"name": name, "tasks": len(scores), "scored": len(scored), "score": mean})
    rows.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0), -r["tasks"], r["name"]))
    rank = 0
    for i, row in enumerate(rows):
        if row["score"] is None:
            row["rank"] = "—"
            continue
        if i == 0 or rows[i - 1]["score"] != row["score"]:
            rank = i + 1
        row["rank"] = rank
    return rows
