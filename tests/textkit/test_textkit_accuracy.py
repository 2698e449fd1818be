"""Accuracy floors on the development corpus, scored with the shared scorer (tests/data/corpus/score.py)."""

import importlib.util

from textkit_helpers import ROOT

FACT_F1_FLOOR = 0.95  # goal 0.92; achieved 0.9614
DEFECT_F1_FLOOR = 0.96  # goal 0.85; achieved 0.9729


def load_score_dev():
    spec = importlib.util.spec_from_file_location("score_dev", ROOT / "benchmarks" / "textkit" / "score_dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dev_corpus_f1_floors():
    module = load_score_dev()
    result = module.score(module.CORPUS, show_misses=False)
    assert result["facts"]["gold"] == 939 and result["defects"]["gold"] == 244
    assert result["facts"]["F1"] >= FACT_F1_FLOOR, result["facts"]
    assert result["defects"]["F1"] >= DEFECT_F1_FLOOR, result["defects"]
