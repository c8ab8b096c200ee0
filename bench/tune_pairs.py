"""Tune the same-fact weights of ``generator.similarity`` on the DEV pair sets.

    python bench/tune_pairs.py [--data ../shared/eval/data] [--folds 5] [--write preds.tsv]

Reads ``DATA/pairs/*.tsv`` when present (skips cleanly otherwise), fits one
``PairModel`` per set on that set's texts (as ``brief pairs`` does), fits a
logistic regression on all sets together, and prints cross-validated and DEV
figures per set for the fitted weights and for the committed ``WEIGHTS``.
The printed weights are what goes into ``similarity.WEIGHTS``; no data is kept.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from generator.similarity import FEATURES, WEIGHTS, PairModel  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "data"
L2 = 1.0


def read_set(folder: Path, name: str) -> tuple[list[str], list[str], list[str], np.ndarray]:
    """Ids, texts a, texts b and gold values of one pair set."""
    rows = [line.rstrip("\n").split("\t") for line in (folder / f"{name}.tsv").open(encoding="utf-8") if line.strip()]
    gold = dict(line.rstrip("\n").split("\t") for line in (folder / f"{name}.gold.tsv").open(encoding="utf-8")
                if line.strip())
    return ([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
            np.array([float(gold[r[0]]) for r in rows]))


def target(name: str, gold: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Training target in [0, 1] and per-pair weight (each set weighs the same in total)."""
    y = np.clip((gold - 2.0) / 2.0, 0.0, 1.0) if name == "sts_headlines" else gold
    return y, np.full(len(gold), 1.0 / len(gold))


def fit_logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted, L2-regularised logistic regression by Newton's method (bias not penalised)."""
    beta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], L2 / w.sum() * w.mean())
    penalty[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        grad = x.T @ (w * (p - y)) + penalty * beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta


def metrics(name: str, gold: np.ndarray, score: np.ndarray) -> str:
    """Accuracy and F1 of label = score >= 0.5 (STS: on gold >= 4 vs <= 1), plus Pearson for STS."""
    extra = ""
    if name == "sts_headlines":
        extra = f" r={np.corrcoef(score, gold)[0, 1]:.3f}"
        keep = (gold >= 4) | (gold <= 1)
        gold, score = (gold[keep] >= 4).astype(float), score[keep]
    label = score >= 0.5
    tp = float(np.sum(label & (gold == 1)))
    f1 = 2 * tp / max(1.0, label.sum() + gold.sum())
    return f"acc={np.mean(label == (gold == 1)):.3f} F1={f1:.3f}{extra}"


def main(argv: list[str] | None = None) -> int:
    """Fit, cross-validate and print figures; 0 also when the data are absent."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--write", type=Path, help="write id<TAB>score<TAB>label with the committed weights")
    args = ap.parse_args(argv)
    folder = args.data / "pairs"
    if not folder.is_dir():
        print(f"skipped: no pair sets under {folder}")
        return 0
    names = sorted(p.name[:-4] for p in folder.glob("*.tsv") if not p.name.endswith(".gold.tsv"))
    sets = {}
    for name in names:
        ids, a, b = read_set(folder, name)[:3]
        gold = read_set(folder, name)[3]
        start = time.perf_counter()
        model = PairModel.fit(a + b)
        x = model.feature_matrix([(k, len(a) + k) for k in range(len(a))])
        secs = time.perf_counter() - start
        print(f"{name}: {len(ids)} pairs, fit + features {secs:.2f} s = {len(ids) / secs:.0f} pairs/s")
        sets[name] = (ids, x, gold)

    xs = np.vstack([s[1] for s in sets.values()])
    ys, ws = zip(*(target(n, s[2]) for n, s in sets.items()), strict=True)
    y, w = np.concatenate(ys), np.concatenate(ws)
    beta = fit_logistic(xs, y, w)
    print("fitted weights:", ", ".join(f"{f}={b:.3f}" for f, b in zip(FEATURES, beta, strict=True)))
    print("WEIGHTS = np.array([" + ", ".join(f"{b:.3f}" for b in beta) + "])")

    rng = np.random.default_rng(0)
    fold = rng.integers(0, args.folds, len(y))
    cv = np.zeros(len(y))
    for k in range(args.folds):
        b = fit_logistic(xs[fold != k], y[fold != k], w[fold != k])
        cv[fold == k] = 1.0 / (1.0 + np.exp(-(xs[fold == k] @ b)))
    offset = 0
    lines = []
    for name, (ids, x, gold) in sets.items():
        part = slice(offset, offset + len(ids))
        offset += len(ids)
        fitted = 1.0 / (1.0 + np.exp(-(x @ beta)))
        committed = 1.0 / (1.0 + np.exp(-(x @ WEIGHTS)))
        print(f"{name:<14} CV {metrics(name, gold, cv[part])} | DEV fitted {metrics(name, gold, fitted)}"
              f" | DEV committed {metrics(name, gold, committed)}")
        lines += [f"{i}\t{s:.4f}\t{int(s >= 0.5)}\n" for i, s in zip(ids, committed, strict=True)]
    if args.write:
        args.write.write_text("".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
