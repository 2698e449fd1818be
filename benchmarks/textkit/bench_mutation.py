"""Mutation benchmark: relations that hold in real report text, broken by changing one number.

Usage: .venv/bin/python benchmarks/textkit/bench_mutation.py [--corpus DIR ...] [--show N] [--json]

1. Find relations that hold, by arithmetic alone (not by the proof-reader's cues): in one sentence,
   share/completion  a ÷ b × 100 = p%         average/yield  t ÷ c = v (after 人均/户均/…/亩产)
   difference        |b − a| = c (增加/减少…)   total          T = Σ parts (其中 / 共计 / 合计)
   growth            (now − base) ÷ base = g%  structure      a∶b∶c sums to 100
   each within the rounding of the stated figures.
2. For each, change one number (a total is changed so that its parts exceed it: 其中 may list only some parts) (the stated result, or every other time an input) so the relation no longer holds
   (a change the rounding of the other figures still allows — the relation is found again — is no mutant),
   and proof-read the paragraph: recall = share of mutants where an `arithmetic`/`sum` defect covers the sentence.
3. The untouched paragraph is the control: a false alarm is an `arithmetic`/`sum` defect on the stated result of
   a relation that holds.  A mutation moves a figure by at least three units of its last place.
Default corpora: tests/data/corpus, benchmarks/textkit/unseen and benchmarks/textkit/relations (if present).
"""

from __future__ import annotations

import argparse
import collections
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from zhenwu.textkit import extract, proofread  # noqa: E402
from zhenwu.textkit.proofread.relations import base_unit  # noqa: E402

FAMILIES = ["share", "completion", "average", "yield", "difference", "total", "growth", "structure"]
RELATION_KINDS = {"arithmetic", "sum"}
_NUM = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_RATIO = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[∶:：][0-9]+(?:\.[0-9]+)?){2,}")
_DIFF_WORD = re.compile(r"(?:增加|减少|净增|增长|提高|下降|降低|多出|多|少|增|减)了?$")
_DOWN_WORD = re.compile(r"(?:减少|下降|降低|少|减)了?$")
_AVG_WORD = re.compile(r"(?:人均|户均|亩均|场均|村均|期均|次均|平均|亩产|单产)[^，。；]{0,6}$")
_TARGET_WORD = re.compile(r"完成|计划|任务|目标|预算")
_TOTAL_WORD = re.compile(r"(?:共计|合计|总计)[^，。；、,0-9]{0,6}$")


def half(f) -> float:
    return 0.5 * 10.0 ** -f.decimals


def near(value: float, stated, slack: float = 0.0) -> bool:
    return abs(value - stated.value) <= half(stated) + slack + 1e-9


def plain_number(f) -> bool:
    return not f.approx and not isinstance(f.value, list) and bool(_NUM.match(f.text.replace(",", "")))


def sentences(text: str):
    start = 0
    for m in re.finditer(r"[。；;\n]", text):
        yield start, m.end()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def find_relations(text: str) -> list[dict]:
    facts = [f for f in extract(text) if plain_number(f)]
    found = []
    spans = list(sentences(text))
    for si, (s0, s1) in enumerate(spans):
        fs = [f for f in facts if s0 <= f.start and f.end <= s1]
        # an average or a yield may take its total and count from the two sentences before, within the paragraph
        back = spans[max(0, si - 2)][0]
        para0 = text.rfind("\n", 0, s0) + 1
        near_fs = [f for f in facts if max(back, para0) <= f.start and f.end <= s1]
        counts = [f for f in fs if f.kind not in ("percent", "growth")]
        for k, f in enumerate(fs):
            lead = text[max(s0, f.start - 14):f.start]
            before = [g for g in counts if g.end <= f.start]
            if f.kind == "percent" and f.unit == "%":
                for a in before:
                    for b in before:
                        if a is b or base_unit(a)[0] != base_unit(b)[0] or not b.value:
                            continue
                        r = 100.0 * a.value * base_unit(a)[1] / (b.value * base_unit(b)[1])
                        if near(r, f):
                            family = "completion" if _TARGET_WORD.search(text[max(s0, f.start - 20):f.start]) else "share"
                            if re.search(r"(?:增长|下降|减少|增加|降低)率[^，。；]{0,3}$", lead):
                                family = "growth"  # 下降101起，下降率28.45%: a change over its base
                            if family == "share" and r > 100:
                                continue
                            found.append({"family": family, "result": f, "inputs": [a, b], "span": (s0, s1)})
                            break
                    else:
                        continue
                    break
            elif f.kind == "growth" and f.unit == "%":
                prior = [g for g in counts if g.end <= f.start]
                if len(prior) >= 2 and _DIFF_WORD.search(text[max(s0, prior[-1].start - 4):prior[-1].start]):
                    now, c = prior[-2], prior[-1]  # 1118.6吨，同比增加172.6吨，增18%
                    down = bool(_DOWN_WORD.search(text[max(s0, prior[-1].start - 4):prior[-1].start]))
                    if base_unit(now)[0] == base_unit(c)[0] and now.value > c.value:
                        base = now.value + c.value if down else now.value - c.value
                        slack = 100.0 * (half(c) / base + c.value * (half(now) + half(c)) / base ** 2)
                        if near(100.0 * c.value / base, _abs(f), slack):
                            found.append({"family": "growth", "result": f, "inputs": [c, now], "span": (s0, s1)})
                            continue
                for a in before:
                    for b in before:
                        if a is b or a.start > b.start or base_unit(a)[0] != base_unit(b)[0] or not b.value:
                            continue
                        g = 100.0 * (a.value / b.value - 1)
                        slack = 100.0 * (half(a) / b.value + a.value * half(b) / b.value ** 2)
                        if near(g, f, slack) or (g < 0 and near(-g, _abs(f), slack) and f.value > 0):
                            found.append({"family": "growth", "result": f, "inputs": [a, b], "span": (s0, s1)})
                            break
                    else:
                        continue
                    break
            elif f.kind not in ("percent", "growth"):
                if _AVG_WORD.search(lead):
                    others = [g for g in near_fs if g is not f and g.kind not in ("percent", "growth")]  # the total may come after
                    rel = _quotient(f, others, "yield" if re.search("亩产|单产", lead) else "average", (s0, s1))
                    if rel:
                        found.append(rel)
                        continue
                if _DIFF_WORD.search(text[max(s0, f.start - 4):f.start]) and len(before) >= 2:
                    pair = _difference(f, before)
                    if pair:
                        found.append({"family": "difference", "result": f, "inputs": list(pair), "span": (s0, s1)})
                        continue
                rel = _total(text, f, fs, k, (s0, s1))
                if rel:
                    found.append(rel)
        for m in _RATIO.finditer(text, s0, s1):
            parts = re.split("[∶:：]", m.group(0))
            dec = max(len(p.split(".")[1]) if "." in p else 0 for p in parts)
            if dec and abs(sum(float(p) for p in parts) - 100) <= 0.5 * len(parts) * 10.0 ** -dec:
                found.append({"family": "structure", "ratio": (m.start(), m.end(), parts), "span": (s0, s1)})
    return found


def _abs(f):
    from dataclasses import replace
    return replace(f, value=abs(f.value)) if f.value < 0 else f


def _difference(f, before):
    """Two earlier figures of f's unit whose difference is f (the nearest pair first)."""
    u = base_unit(f)[0]
    same = [g for g in before if base_unit(g)[0] == u]
    for j in range(len(same) - 1, 0, -1):
        for i in range(j - 1, -1, -1):
            a, b = same[i], same[j]
            d = abs(b.value * base_unit(b)[1] - a.value * base_unit(a)[1]) / base_unit(f)[1]
            if f.value and near(d, f, (half(a) * base_unit(a)[1] + half(b) * base_unit(b)[1]) / base_unit(f)[1]):
                return a, b
    return None


def _quotient(v, before, family, span):
    for t in before:
        for c in before:
            if t is c or not c.value:
                continue
            if family == "yield" and (base_unit(t)[0] != "公斤" or base_unit(c)[0] != "亩"):
                continue
            if family == "average" and base_unit(t)[0] != base_unit(v)[0]:
                continue
            q = t.value * base_unit(t)[1] / (c.value * base_unit(c)[1]) / base_unit(v)[1]
            slack = q * (half(t) / t.value + half(c) / c.value) if t.value else 0
            if near(q, v, slack):
                return {"family": family, "result": v, "inputs": [t, c], "span": span}
    return None


def _total(text, total, fs, k, span):
    if total.kind in ("percent", "growth"):
        return None
    unit = base_unit(total)[0]
    after = text[total.end:total.end + 4]
    if "其中" in after:
        parts = []
        for g in fs[k + 1:]:
            if g.kind in ("percent", "growth") or base_unit(g)[0] != unit:
                continue
            parts.append(g)
            s = sum(p.value * base_unit(p)[1] for p in parts) / base_unit(total)[1]
            if len(parts) >= 2 and near(s, total):
                return {"family": "total", "result": total, "inputs": list(parts), "span": span}
    elif _TOTAL_WORD.search(text[max(span[0], total.start - 8):total.start]):
        parts = [g for g in fs[:k] if g.kind not in ("percent", "growth") and base_unit(g)[0] == unit
                 and total.start - g.end < 80]
        s = sum(p.value * base_unit(p)[1] for p in parts) / base_unit(total)[1]
        if len(parts) >= 2 and near(s, total):
            return {"family": "total", "result": total, "inputs": parts, "span": span}
    return None


_FACTORS = [1.18, 0.84, 1.3, 0.75]


def mutate(text: str, rel: dict, n: int) -> tuple[str, int, int] | None:
    """The text with one number changed, and the changed span; None if no clean change is possible."""
    if rel["family"] == "structure":
        start, end, parts = rel["ratio"]
        i = n % len(parts)
        old = parts[i]
        dec = len(old.split(".")[1]) if "." in old else 0
        new = f"{float(old) + (1.0 if n % 2 else -1.0) * max(1.0, 10 * 10.0 ** -dec):.{dec}f}"
        if new.startswith("-"):
            return None
        parts = parts[:i] + [new] + parts[i + 1:]
        sep = text[start + len(rel["ratio"][2][0])]
        return text[:start] + sep.join(parts) + text[end:], start, start + len(sep.join(parts))
    target = rel["inputs"][0] if n % 2 else rel["result"]
    up = None
    if rel["family"] == "total":  # 其中 may list only some parts: break it the way that cannot be read as partial
        target = rel["inputs"][-1] if n % 2 else rel["result"]
        up = target is not rel["result"]
    m = _NUM.match(target.text.replace(",", ""))
    if not m or "," in target.text:
        return None
    old = m.group(0)
    dec = len(old.split(".")[1]) if "." in old else 0
    value = float(old)
    unit = 10.0 ** -dec
    for factor in _FACTORS[n % 4:] + _FACTORS[:n % 4]:
        if up is not None and (factor > 1) != up:
            continue
        nv = value * factor
        if abs(nv - value) < 3 * unit:  # a change the rounding of the other figures could hide is no mutation
            nv = value + (3 * unit if factor > 1 else -3 * unit)
        if rel["family"] in ("share",) and target is rel["result"] and nv > 100:
            continue
        new = f"{nv:.{dec}f}"
        if dec == 0 and abs(nv - value) < 2:
            new = str(int(value) + (2 if factor > 1 else -2))
        if new != old and not new.startswith("-") and float(new) > 0:
            break
    else:
        return None
    return text[:target.start] + new + text[target.start + len(old):], target.start, target.start + len(new)


def paragraph(text: str, span: tuple[int, int]) -> tuple[int, int]:
    lo = text.rfind("\n", 0, span[0]) + 1
    hi = text.find("\n", span[1])
    hi = len(text) if hi < 0 else hi
    return max(lo, span[0] - 400), min(hi, span[1] + 200)


def flagged(text: str, lo: int, hi: int, ends_there: bool = False) -> list:
    """Relation defects on [lo, hi); with ends_there, only those that end there (a rate's defect ends at the rate,
    so a neighbour's defect whose span merely covers it does not count)."""
    return [d for d in proofread(text) if d.kind in RELATION_KINDS and d.start < hi and d.end > lo
            and (not ends_there or lo < d.end <= hi)]


def run(corpora: list[pathlib.Path], show: int = 0) -> dict:
    stats = {f: collections.Counter() for f in FAMILIES}
    misses, alarms = [], []
    n = 0
    for corpus in corpora:
        for doc in sorted((corpus / "docs").glob("*.txt")):
            text = doc.read_text(encoding="utf-8")
            for rel in find_relations(text):
                fam = rel["family"]
                p0, p1 = paragraph(text, rel["span"])
                para = text[p0:p1]
                s0, s1 = rel["span"][0] - p0, rel["span"][1] - p0
                stats[fam]["relations"] += 1
                stats[fam]["controls"] += 1
                c0, c1 = _core(rel, p0)
                if flagged(para, c0, c1, ends_there=fam not in ("total", "structure")):
                    stats[fam]["false_alarms"] += 1
                    alarms.append((doc.name, fam, para[s0:s1].strip()))
                shifted = dict(rel)
                if "ratio" in rel:
                    a, b, parts = rel["ratio"]
                    shifted["ratio"] = (a - p0, b - p0, parts)
                else:
                    shifted["result"] = _shift(rel["result"], p0)
                    shifted["inputs"] = [_shift(f, p0) for f in rel["inputs"]]
                mutant = mutate(para, shifted, n)
                n += 1
                if mutant is None:
                    continue
                mtext, m0, m1 = mutant
                if _still_holds(mtext, rel, p0, fam):
                    continue  # within the rounding of the other figures: no mutation
                stats[fam]["mutants"] += 1
                shift = len(mtext) - len(para)
                c1m = c1 + shift if c1 > m0 else c1
                if flagged(mtext, min(c0, m0), max(c1m, m1)):
                    stats[fam]["caught"] += 1
                else:
                    misses.append((doc.name, fam, para[s0:s1].strip(), mtext[m0:m1]))
    if show:
        for m in misses[:show]:
            print("MISS", *m)
        for a in alarms[:show]:
            print("ALARM", *a)
    return {fam: dict(c) for fam, c in stats.items()}


def _still_holds(mtext, rel, p0, fam):
    """The mutated paragraph still has the relation (same family, same stated result), within rounding."""
    where = (rel["ratio"][0] if "ratio" in rel else rel["result"].start) - p0
    for r in find_relations(mtext):
        if r["family"] == fam and (r["ratio"][0] if "ratio" in r else r["result"].start) == where:
            return True
    return False


def _core(rel, p0):
    """Where the relation's stated result is: a defect there says the relation does not hold."""
    if "ratio" in rel:
        return rel["ratio"][0] - p0, rel["ratio"][1] - p0
    return rel["result"].start - p0, rel["result"].end - p0


def _shift(f, p0):
    from dataclasses import replace
    return replace(f, start=f.start - p0, end=f.end - p0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", action="append", type=pathlib.Path)
    ap.add_argument("--show", type=int, default=0, help="print up to N misses and false alarms")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    corpora = args.corpus or [p for p in (ROOT / "tests/data/corpus", ROOT / "benchmarks/textkit/unseen", ROOT / "benchmarks/textkit/relations") if (p / "docs").is_dir()]
    stats = run(corpora, args.show)
    if args.json:
        print(json.dumps(stats, ensure_ascii=False))
        return
    print(f"corpora: {', '.join(str(c.relative_to(ROOT)) if c.is_relative_to(ROOT) else str(c) for c in corpora)}")
    print(f"{'family':12} {'relations':>9} {'mutants':>8} {'caught':>7} {'recall':>7} {'controls':>9} {'false alarms':>13}")
    tot = collections.Counter()
    for fam in FAMILIES:
        c = collections.Counter(stats[fam])
        tot.update(c)
        recall = f"{c['caught'] / c['mutants']:.2f}" if c["mutants"] else "—"
        print(f"{fam:12} {c['relations']:>9} {c['mutants']:>8} {c['caught']:>7} {recall:>7} {c['controls']:>9} {c['false_alarms']:>13}")
    recall = f"{tot['caught'] / tot['mutants']:.2f}" if tot["mutants"] else "—"
    print(f"{'all':12} {tot['relations']:>9} {tot['mutants']:>8} {tot['caught']:>7} {recall:>7} {tot['controls']:>9} {tot['false_alarms']:>13}")


if __name__ == "__main__":
    main()
