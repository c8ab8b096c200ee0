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
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from generator.similarity import FEATURES, WEIGHTS, PairModel, probabilities  # noqa: E402, RUF100

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "data"
L2 = 1.0
FIXED: dict[str, float] = {}
"""Weights to hold at a set value instead of learning them (none at present)."""


def read_set(folder: Path, name: str) -> tuple[list[str], list[str], list[str], np.ndarray]:
    """Ids, texts a, texts b and gold values of one pair set."""
    lines = (folder / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line.strip()]
    gold = dict(
        line.rstrip("\n").split("\t") for line in (folder / f"{name}.gold.tsv").open(encoding="utf-8") if line.strip()
    )
    return (
        [r[0] for r in rows],
        [r[1] for r in rows],
        [r[2] for r in rows],
        np.array([float(gold[r[0]]) for r in rows]),
    )


def target(name: str, gold: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Training target in [0, 1] and per-pair weight (each set weighs the same in total)."""
    y = np.clip((gold - 2.0) / 2.0, 0.0, 1.0) if name == "sts_headlines" else gold
    return y, np.full(len(gold), 1.0 / len(gold))


def fit_logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted, L2-regularised logistic regression by Newton's method (bias not penalised)."""
    fixed = np.array([FIXED.get(f, np.nan) for f in FEATURES])
    free = np.isnan(fixed)
    offset = x[:, ~free] @ fixed[~free]
    x = x[:, free]
    beta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], L2 / w.sum() * w.mean())
    penalty[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ beta + offset)))
        grad = x.T @ (w * (p - y)) + penalty * beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    fixed[free] = beta
    return fixed


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


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def cluster_pairs(data: Path) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Within-event training pairs from the DEV clusters, featurised the way the aligner sees them.

    Each cluster is fitted as one event (IDF over its own sentences); positives are gold
    links (SuperPAL: sentences supporting one proposition; ECB+: sentences sharing an event
    chain), negatives the other cross-document pairs among annotated sentences.
    """
    ids: list[str] = []
    rows: list[np.ndarray] = []
    gold: list[float] = []
    for cdir in sorted((data / "clusters").glob("*")):
        g = json.loads((cdir / "gold.json").read_text(encoding="utf-8"))
        docs = {
            f.stem: [ln.strip() for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]
            for f in sorted(cdir.glob("*.txt"))
        }
        sents = [(d, t) for d, lines in docs.items() for t in lines]
        key = {(d, _norm(t)): k for k, (d, t) in enumerate(sents)}
        links: set[tuple[int, int]] = set()
        pool: set[int] = set()
        if "propositions" in g:
            pool = set(range(len(sents)))
            for prop in g["propositions"]:
                ks = {
                    key[(s["source"], _norm(s["text"]))]
                    for s in prop["support"]
                    if (s["source"], _norm(s["text"])) in key
                }
                links |= {(a, b) for a in ks for b in ks if a < b and sents[a][0] != sents[b][0]}
        else:
            for s in g["sentences_annotated"]:
                k = key.get((s["source"], _norm(s["text"])))
                if k is not None:
                    pool.add(k)
            for pr in g["same_event_pairs"]:
                a, b = (
                    key.get((pr["a"]["source"], _norm(pr["a"]["text"]))),
                    key.get((pr["b"]["source"], _norm(pr["b"]["text"]))),
                )
                if a is not None and b is not None:
                    links.add((min(a, b), max(a, b)))
        model = PairModel.fit([t for _, t in sents])
        pairs = [(a, b) for a in sorted(pool) for b in sorted(pool) if a < b and sents[a][0] != sents[b][0]]
        if not pairs:
            continue
        rows.append(model.feature_matrix(pairs))
        gold += [float(p in links) for p in pairs]
        ids += [f"{cdir.name}:{a}:{b}" for a, b in pairs]
    return ids, np.vstack(rows), np.array(gold)


def main(argv: list[str] | None = None) -> int:
    """Fit, cross-validate and print figures; 0 also when the data are absent."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--write", type=Path, help="write id<TAB>score<TAB>label with the committed weights")
    ap.add_argument(
        "--clusters", type=float, default=0.0, help="weight of within-event pairs from the DEV clusters (0: pairs only)"
    )
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

    if args.clusters > 0 and (args.data / "clusters").is_dir():
        start = time.perf_counter()
        sets["clusters"] = cluster_pairs(args.data)
        print(f"clusters: {len(sets['clusters'][0])} within-event pairs in {time.perf_counter() - start:.1f} s")
    xs = np.vstack([s[1] for s in sets.values()])
    ys, ws = zip(*(target(n, s[2]) for n, s in sets.items()), strict=True)
    y, w = np.concatenate(ys), np.concatenate(ws)
    if "clusters" in sets:
        w[-len(sets["clusters"][0]) :] *= args.clusters
    beta = fit_logistic(xs, y, w)
    print("fitted weights:", ", ".join(f"{f}={b:.3f}" for f, b in zip(FEATURES, beta, strict=True)))
    print("WEIGHTS = np.array([" + ", ".join(f"{b:.3f}" for b in beta) + "])")

    rng = np.random.default_rng(0)
    fold = rng.integers(0, args.folds, len(y))
    cv = np.zeros(len(y))
    for k in range(args.folds):
        cv[fold == k] = probabilities(xs[fold == k], fit_logistic(xs[fold != k], y[fold != k], w[fold != k]))
    offset = 0
    lines = []
    for name, (ids, x, gold) in sets.items():
        part = slice(offset, offset + len(ids))
        offset += len(ids)
        fitted, committed = probabilities(x, beta), probabilities(x, WEIGHTS)
        print(
            f"{name:<14} CV {metrics(name, gold, cv[part])} | DEV fitted {metrics(name, gold, fitted)}"
            f" | DEV committed {metrics(name, gold, committed)}"
        )
        if name != "clusters":
            lines += [f"{i}\t{s:.4f}\t{int(s >= 0.5)}\n" for i, s in zip(ids, committed, strict=True)]
    if args.write:
        args.write.write_text("".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
