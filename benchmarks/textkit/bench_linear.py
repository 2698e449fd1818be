"""Time against input size for runs that make naive regexes backtrack: the kit must stay linear.

Usage: .venv/bin/python benchmarks/textkit/bench_linear.py [--sizes 10000,100000,1000000] [--patterns X,digits]
Prints, for every pattern and size, the seconds of extract and of proofread (which extracts again) and the
ratio to the previous size: for a tenfold size a linear scan shows about 10, a quadratic one about 100.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from zhenwu.textkit import extract, proofread  # noqa: E402

PATTERNS = {
    "X": "X", "x": "x", "×": "×", "*": "*", "digits": "7", "full-width digits": "７", "decimals": "1.",
    "Chinese numerals": "十", "percent": "5%", "mixed": "12X亩x3%", "ratios": "1∶", "CJK": "占",
    "commas": "，", "spaces": " ", "formula": "新时代中国特色社会主义思想，",
}


def timed(fn, text: str) -> float:
    t0 = time.perf_counter()
    fn(text)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--patterns", default=",".join(PATTERNS))
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'pattern':18} {'size':>9} {'extract s':>10} {'×':>6} {'proofread s':>12} {'×':>6}")
    for name in args.patterns.split(","):
        unit = PATTERNS[name]
        last = None
        for n in sizes:
            text = (unit * (n // len(unit) + 1))[:n]
            e, p = timed(extract, text), timed(proofread, text)
            ge = f"{e / last[0]:.1f}" if last and last[0] > 1e-4 else "—"
            gp = f"{p / last[1]:.1f}" if last and last[1] > 1e-4 else "—"
            print(f"{name:18} {n:>9} {e:>10.3f} {ge:>6} {p:>12.3f} {gp:>6}", flush=True)
            last = (e, p)


if __name__ == "__main__":
    main()
