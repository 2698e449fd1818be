"""Run the text kit on the development corpus and score it with the shared scorer's logic.

Usage: .venv/bin/python benchmarks/textkit/score_dev.py [--misses] [--json] [--out DIR] [--corpus DIR]
Writes predictions to a temp dir (or DIR, to run score.py on them yourself), then prints the scorer's summary
plus per-kind precision/recall/F1.  --corpus scores another annotated set laid out like tests/data/corpus
(docs/*.txt and gold/*.jsonl), e.g. reports kept out of the repository to check the kit on text it was not tuned on.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
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


def predict(corpus: pathlib.Path, pred_dir: pathlib.Path) -> None:
    for doc in sorted((corpus / "docs").glob("*.txt")):
        text = doc.read_text(encoding="utf-8")
        records = [f.to_dict() for f in extract(text)] + [d.to_dict() for d in proofread(text)]
        (pred_dir / f"{doc.stem}.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def per_kind(scorer, corpus: pathlib.Path, pred_dir: pathlib.Path, show_misses: bool) -> dict:
    """Precision/recall/F1 per fact kind and per defect kind, using the scorer's own matching."""
    stats = {"fact": collections.defaultdict(collections.Counter), "defect": collections.defaultdict(collections.Counter)}
    for gold_file in sorted((corpus / "gold").glob("*.jsonl")):
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


def score(corpus: pathlib.Path, show_misses: bool) -> dict:
    scorer = load_scorer()
    with tempfile.TemporaryDirectory() as tmp:
        pred_dir = pathlib.Path(tmp)
        predict(corpus, pred_dir)
        sys.argv = ["score.py", str(corpus / "gold"), str(pred_dir), "--json"]
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            scorer.main()
        summary = json.loads(buf.getvalue())
        summary["per_kind"] = per_kind(scorer, corpus, pred_dir, show_misses)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every missed and extra record")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--out", type=pathlib.Path, help="also write the predictions here")
    parser.add_argument("--corpus", type=pathlib.Path, default=CORPUS)
    args = parser.parse_args()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        predict(args.corpus, args.out)
    result = score(args.corpus, args.misses)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    for key in ("facts", "defects"):
        print(key, json.dumps(result[key], ensure_ascii=False))
    print(f"{'kind':28} {'gold':>5} {'pred':>5} {'P':>7} {'R':>7} {'F1':>7}")
    for kind, row in result["per_kind"].items():
        print(f"{kind:28} {row['gold']:>5} {row['pred']:>5} {row['P']:>7.4f} {row['R']:>7.4f} {row['F1']:>7.4f}")


if __name__ == "__main__":
    main()
