"""Ledger figures for reports ({"ledger": kind, "filter": {field: value}}): statistics of one kind for the report's
org subtree and period (`stats`), every kind of an outline computed in one batch (`stats_many`). A report of a
period that has ended counts every entry in the state it was in at the period's end (`as_of`): the 2023 report
says how many hazards were still being rectified at the end of 2023, even after they were all closed in 2024."""

from __future__ import annotations

import json
from decimal import Decimal

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from zhenwu.core import fmt
from zhenwu.core.reporting import MAX_RECORDS, Figure, FigureSet, page_url, sql_of

from . import stats as ledger_stats
from .models import LedgerEntry, LedgerKind


def _key(filters: dict) -> str:
    return json.dumps(filters, sort_keys=True, ensure_ascii=False)


class LedgerFigures(FigureSet):
    """The ledger kinds an outline names and their statistics for the period."""

    def __init__(self, data, items):
        super().__init__(data, items)
        self._codes = {i["ledger"] for i in items if isinstance(i.get("ledger"), str)}
        self._kinds: dict[str, LedgerKind] | None = None
        self._stats: dict = {}
        self._records: dict[tuple, list[str]] = {}  # (kind code, filter key) → records fetched with the groups
        self._rows: dict[str, list[dict]] = {}  # kind code → the period's entries, for groups
        self._queries: dict[tuple, str] = {}  # (kind code, filter key) → the SQL shown as a figure's provenance
        self.as_of = ledger_stats.past_day(self.period.end)

    def source(self, item: dict) -> LedgerSource:
        return LedgerSource(self, item["ledger"], item.get("filter") or {})

    def kind(self, code: str) -> LedgerKind | None:
        if self._kinds is None:
            self._kinds = {k.code: k for k in LedgerKind.objects.filter(code__in=sorted(self._codes))}
        if code not in self._kinds and code not in self._codes:
            self._codes.add(code)
            self._kinds.update({k.code: k for k in LedgerKind.objects.filter(code=code)})
        return self._kinds.get(code)

    def entries(self, kind: LedgerKind, filters: dict):
        """The entries a figure counts: the org's subtree, the kind's period rule (flow or stock), the item's filter."""
        qs = LedgerEntry.objects.within(self.org).filter(kind=kind).filter(ledger_stats.period_filter(kind, self.period))
        for key, value in filters.items():
            qs = qs.filter(**{f"data__{key}": value})
        return qs

    def stats(self, kind: LedgerKind, filters: dict):
        key = (kind.code, _key(filters))
        if key not in self._stats:
            if filters:
                self._stats[key] = ledger_stats.summarize(kind, self.entries(kind, filters), self.period,
                                                          org_code=self.org.code, as_of=self.as_of)
            else:  # every kind of the outline not computed yet, in one batch (a few queries)
                kinds = {k.code: k for k in (self._kinds or {}).values()} | {kind.code: kind}
                todo = [k for code, k in kinds.items() if (code, "{}") not in self._stats]
                for code, result in ledger_stats.stats_many(todo, self.org, self.period, as_of=self.as_of).items():
                    self._stats[(code, "{}")] = result
        return self._stats[key]

    def query(self, kind: LedgerKind, filters: dict) -> str:
        """The SQL behind a kind's figures, as shown with each of them (written once: a report states hundreds)."""
        key = (kind.code, _key(filters))
        if key not in self._queries:
            self._queries[key] = sql_of(self.entries(kind, filters).values("status").annotate(n=Count("id")))
        return self._queries[key]

    def groups(self, code: str, filters: dict, by: list[str]) -> list[tuple[dict, LedgerSource]]:
        """The entries of a kind split by the values of `by` (活动类型, 事项…), in the order first entered: one
        query per kind for all its groups in the report; each group's statistics and records are kept for its
        figures."""
        kind = self.kind(code)
        if kind is None:
            return []
        if code not in self._rows:
            qs = self.entries(kind, {})
            self._rows[code] = list(qs.order_by("id").values(*ledger_stats.ROW_FIELDS))
            if self.as_of:
                ledger_stats.restate(self._rows[code], {kind.pk: kind}, ledger_stats.states_at(qs, self.as_of))
        grouped: dict[tuple, list[dict]] = {}
        for row in self._rows[code]:
            data = row["data"] or {}
            if any(key not in data or data[key] != value for key, value in filters.items()):
                continue
            values = tuple(data.get(f) for f in by)
            if all(isinstance(v, (str, int)) and v != "" for v in values):  # a list (多选) is no group
                grouped.setdefault(values, []).append(row)
        out = []
        for values, members in grouped.items():
            group = dict(zip(by, values))
            key = _key({**filters, **group})
            self._stats[(code, key)] = ledger_stats.summarize_rows(kind, members, self.period, self.as_of,
                                                                   org_code=self.org.code)
            latest = sorted(members, key=lambda r: (r["occurred_on"], r["id"]), reverse=True)[:MAX_RECORDS]
            self._records[(code, key)] = [f"{r['ref'] or r['id']} {r['title']}（{kind.state_label(r['status'])}）"
                                          for r in latest]
            out.append((group, LedgerSource(self, code, {**filters, **group})))
        return out

    def attach_records(self, figures: list[Figure]) -> None:
        """The latest entries behind every figure: one query per filter (a window keeps MAX_RECORDS per kind);
        a group's figures take the records fetched with their group."""
        groups: dict[str, list[Figure]] = {}
        for fig in figures:
            known = self._records.get((fig.fetch[1], fig.fetch[2]))
            if known is not None:
                fig.records = list(known)
                continue
            groups.setdefault(fig.fetch[2], []).append(fig)
        for filters_key, figs in groups.items():
            filters = json.loads(filters_key)
            kinds = {self._kinds[f.fetch[1]].pk: self._kinds[f.fetch[1]] for f in figs}
            cond = Q()
            for kind in kinds.values():
                cond |= Q(kind=kind) & ledger_stats.period_filter(kind, self.period)
            qs = LedgerEntry.objects.within(self.org).filter(cond)
            for key, value in filters.items():
                qs = qs.filter(**{f"data__{key}": value})
            rows = (
                qs.annotate(rn=Window(RowNumber(), partition_by=[F("kind_id")],
                                      order_by=[F("occurred_on").desc(), F("id").desc()]))
                .filter(rn__lte=MAX_RECORDS)
                .values_list("kind_id", "occurred_on", "id", "ref", "title", "status", "number")
            )
            found: dict[int, list] = {}
            for row in sorted(rows, key=lambda r: (r[1], r[2]), reverse=True):
                found.setdefault(row[0], []).append(row)
            code_to_pk = {k.code: pk for pk, k in kinds.items()}
            for fig in figs:
                kind = kinds[code_to_pk[fig.fetch[1]]]
                fig.records = [f"{number or ref or pk} {title}（{kind.state_label(status)}）"
                               for _, _, pk, ref, title, status, number in found.get(code_to_pk[fig.fetch[1]], [])]


class LedgerSource:
    """total, closed, open, closure_rate, state:<code> counts, sum:<field> totals of the numeric fields the kind's
    report sums, and figure:<key>, any figure the kind's `report` section defines (its counts, sums and rates)."""

    def __init__(self, figures: LedgerFigures, kind: str, filters: dict):
        self.figures, self.kind, self.filters = figures, kind, filters
        self.org, self.period = figures.org, figures.period

    def stats(self):
        """The kind's LedgerStats, or None for a kind the ledger app does not know (no data, nothing said)."""
        kind = self.figures.kind(self.kind)
        return None if kind is None else self.figures.stats(kind, self.filters)

    def _sum(self, key: str, stats) -> Decimal | None:
        for item in (stats.kind.report or {}).get("sums", []):
            if key in (item.get("field"), item.get("key")):
                return stats.figures[item["key"]].value
        return None

    def metric(self, name: str) -> Figure | None:
        stats = self.stats()
        if stats is None or not stats.total:
            return None
        total, closed = stats.total, stats.closed or 0
        if name == "total":
            value, text, how = Decimal(total), fmt.count(total), "登记总数"
        elif name == "closed":
            value, text, how = Decimal(closed), fmt.count(closed), "已办结（终态）数"
        elif name == "open":
            value, text, how = Decimal(total - closed), fmt.count(total - closed), "未办结数"
        elif name == "closure_rate":
            value = Decimal(closed) * 100 / Decimal(total)
            text, how = fmt.percent(value), f"办结率 = 已办结 {closed} ÷ 总数 {total} × 100%"
        elif name.startswith("state:"):
            n = stats.by_state.get(name[6:])
            if not n:
                return None
            value, text, how = Decimal(n), fmt.count(n), f"状态为“{stats.kind.state_label(name[6:])}”的条数"
        elif name.startswith("sum:"):
            value = self._sum(name[4:], stats)
            if value is None:
                return None
            text, how = fmt.trimmed(value, 2), f"字段“{name[4:]}”之和"
        elif name.startswith("figure:"):
            fig = stats.figures.get(name[7:])
            # A count or sum of zero is not worth a sentence; a rate of 0% is (its base is not zero).
            if fig is None or fig.value is None or (fig.kind != "rate" and not fig.value):
                return None
            value = Decimal(fig.value)
            if fig.kind == "rate":
                text = fmt.percent(value)
            elif fig.unit == "元":
                text = fmt.money(value)
            else:
                text = fmt.trimmed(value, 2)
            how = f"台账“{stats.kind.name}”的统计项“{fig.label}”"
        else:
            return None
        return Figure(
            name, value, text, f"{stats.kind.name}：{how}",
            source={"type": "ledger", "kind": self.kind, "org": self.org.code, "org_name": self.org.name,
                    "period": self.period.code, "filter": self.filters},
            computation=f"{how}（{self.org.name}及下级，{self.period.start}至{self.period.end}）",
            query=self.figures.query(stats.kind, self.filters),
            url=page_url("ledger_entry_list", f"kind={self.kind}"),
            fetch=("ledger", self.kind, _key(self.filters)),
        )
