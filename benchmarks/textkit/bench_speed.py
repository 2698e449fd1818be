"""Speed of extract/proofread on one core, side by side with JioNLP's extract_money (money only).

Usage: .venv/bin/python benchmarks/textkit/bench_speed.py [--sizes 1,10] [--repeat 3]
Inputs of 1 MB and 10 MB (characters) are made by concatenating the development corpus.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from zhenwu.textkit import extract, proofread  # noqa: E402


def corpus_text(n_chars: int) -> str:
    docs = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/data/corpus/docs").glob("*.txt")))
    return (docs * (n_chars // len(docs) + 1))[:n_chars]


def best_time(fn, text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - t0)
    return best


def jionlp_money():
    try:
        import jionlp
    except Exception as exc:  # noqa: BLE001 - report any import failure
        return None, f"{type(exc).__name__}: {exc}"
    # JioNLP works sentence by sentence; feed it lines so it is not penalised for long inputs.
    return (lambda text: [jionlp.ner.extract_money(line) for line in text.split("\n") if line]), jionlp.__version__


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,10", help="input sizes in millions of characters")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jionlp-max-mb", type=float, default=10.0, help="JioNLP is slow; cap its input size")
    args = ap.parse_args()
    money, jio_info = jionlp_money()
    print(f"python {sys.version.split()[0]}; jionlp: {jio_info if money else 'unavailable (' + jio_info + ')'}")
    print(f"{'input':>8} {'tool':28} {'seconds':>9} {'M chars/s':>10} {'items':>8}")
    for size in [float(s) for s in args.sizes.split(",")]:
        text = corpus_text(int(size * 1_000_000))
        rows = [("zhenwu extract", extract), ("zhenwu proofread", proofread)]
        if money and size <= args.jionlp_max_mb:
            rows.append(("jionlp extract_money", money))
        for name, fn in rows:
            seconds = best_time(fn, text, args.repeat if name.startswith("zhenwu") else 1)
            items = fn(text)
            n = sum(len(x) for x in items) if name.startswith("jionlp") else len(items)
            print(f"{size:>6.1f}MB {name:28} {seconds:>9.3f} {len(text) / seconds / 1e6:>10.2f} {n:>8}")


if __name__ == "__main__":
    main()
