"""Run the text kit on the development corpus and score it with the shared scorer's logic.

Usage: .venv/bin/python benchmarks/textkit/score_dev.py [--misses] [--json] [--out DIR]
Writes predictions to a temp dir (or DIR, to run score.py on them yourself), then prints the scorer's summary
plus per-kind precision/recall/F1.
"""

from __future__ import annotations

import collections
import importlib.util
import json
import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "corpus"
sys.path.insert(0, str(ROOT / "src"))

from zhenwu.textkit import extract, proofread  # noqa: E402


def load_scorer():
    spec = importlib.util.spec_from_file_location("corpus_score", CORPUS / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(pred_dir: pathlib.Path) -> None:
    for doc in sorted((CORPUS / "docs").glob("*.txt")):
        text = doc.read_text(encoding="utf-8")
        records = [f.to_dict() for f in extract(text)] + [d.to_dict() for d in proofread(text)]
        (pred_dir / f"{doc.stem}.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def per_kind(scorer, pred_dir: pathlib.Path, show_misses: bool) -> dict:
    """Precision/recall/F1 per fact kind and per defect kind, using the scorer's own matching."""
    stats = {"fact": collections.defaultdict(collections.Counter), "defect": collections.defaultdict(collections.Counter)}
    for gold_file in sorted((CORPUS / "gold").glob("*.jsonl")):
        gold = scorer.load(gold_file)
        pred = scorer.load(pred_dir / gold_file.name)
        for rtype, match in (("fact", scorer.fact_match), ("defect", scorer.defect_match)):
            g = [r for r in gold if r.get("type") == rtype]
            p = [r for r in pred if r.get("type") == rtype]
            if rtype == "defect":
                p = [r for r in p if r.get("kind") in scorer.DEFECT_KINDS]
            tp, missed, extra = scorer.greedy(g, p, match)
            for r in g:
                stats[rtype][r["kind"]]["gold"] += 1
            for r in missed:
                stats[rtype][r["kind"]]["miss"] += 1
            for r in p:
                stats[rtype][r["kind"]]["pred"] += 1
            for r in extra:
                stats[rtype][r["kind"]]["extra"] += 1
            if show_misses:
                for r in missed:
                    print(f"MISS {rtype} {gold_file.stem[:3]} {r.get('kind')} {r.get('text')!r} {r.get('subject', r.get('note'))!r} {r.get('value', '')} {r.get('unit', '')}")
                for r in extra:
                    print(f"EXTRA {rtype} {gold_file.stem[:3]} {r.get('kind')} {r.get('text')!r} {r.get('subject', r.get('message'))!r} {r.get('value', '')} {r.get('unit', '')}")
    table = {}
    for rtype, kinds in stats.items():
        for kind, c in sorted(kinds.items()):
            tp_g = c["gold"] - c["miss"]
            tp_p = c["pred"] - c["extra"]
            p = tp_p / c["pred"] if c["pred"] else 0.0
            r = tp_g / c["gold"] if c["gold"] else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            table[f"{rtype}:{kind}"] = {"gold": c["gold"], "pred": c["pred"], "P": round(p, 4), "R": round(r, 4), "F1": round(f, 4)}
    return table


def score() -> dict:
    scorer = load_scorer()
    with tempfile.TemporaryDirectory() as tmp:
        pred_dir = pathlib.Path(tmp)
        predict(pred_dir)
        sys.argv = ["score.py", str(CORPUS / "gold"), str(pred_dir), "--json"]
        import contextlib
        import io
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            scorer.main()
        summary = json.loads(buf.getvalue())
        summary["per_kind"] = per_kind(scorer, pred_dir, show_misses="--misses" in sys_argv)
    return summary


sys_argv = list(sys.argv)

if __name__ == "__main__":
    if "--out" in sys_argv:
        out_dir = pathlib.Path(sys_argv[sys_argv.index("--out") + 1])
        out_dir.mkdir(parents=True, exist_ok=True)
        predict(out_dir)
    result = score()
    if "--json" in sys_argv:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key in ("facts", "defects"):
            print(key, json.dumps(result[key], ensure_ascii=False))
        print(f"{'kind':28} {'gold':>5} {'pred':>5} {'P':>7} {'R':>7} {'F1':>7}")
        for kind, row in result["per_kind"].items():
            print(f"{kind:28} {row['gold']:>5} {row['pred']:>5} {row['P']:>7.4f} {row['R']:>7.4f} {row['F1']:>7.4f}")
