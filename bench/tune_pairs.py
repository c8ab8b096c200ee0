"""Train the same-fact model of ``generator.similarity`` on the DEV pair sets and DEV clusters.

    python bench/tune_pairs.py [--data ../shared/eval/data] [--folds 5] [--write-model] [--write preds.tsv]

Reads ``DATA/pairs/*.tsv`` and ``DATA/clusters/*`` when present (skips cleanly otherwise).
Pair sets are featurised with one ``PairModel`` per set, fitted on that set's texts (as
``brief pairs`` does); clusters give within-event pairs, featurised with one ``PairModel``
per cluster fitted on its sentences (as the aligner does). One model of gradient-boosted
shallow trees is trained on all of them together, each set weighted as given. It prints
cross-validated and DEV figures per set for the fitted model and for the committed
``MODEL``; ``--write-model`` rewrites the committed constants in ``generator/similarity_model.py``.
No data is kept.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from generator.config import Config  # noqa: E402, RUF100
from generator.similarity import FEATURES, MODEL, Linear, Model, PairModel, Trees, probabilities  # noqa: E402, RUF100

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "data"
WEIGHT = {"mrpc": 2.0, "pan": 1.0, "sts_headlines": 1.0, "superpal": 1.0, "ecbplus": 1.0}
"""Total training weight of each set for the trees (pairs within a set weigh the same)."""
LINEAR_SETS = ("mrpc", "pan", "sts_headlines")
"""The linear part is fitted on the pair sets only."""
LINEAR_L2 = 1.0
TREES_SHARE = 0.8
"""Weight of the trees in the committed mean. Chosen on the DEV sets and the example event's brief:
the linear part knows nothing of report positions, so within an event it only damps the trees.
0.65 misses a third of SuperPAL's links; 0.85 corroborates statements that merely share a topic."""
DECISION = Config().same_fact_threshold
TREES_COUNT, DEPTH, RATE, L2, MIN_HESSIAN, BINS = 200, 3, 0.1, 5.0, 6.0, 32


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


def target(name: str, gold: np.ndarray) -> np.ndarray:
    """Training target in [0, 1] (STS: 0 at gold 2, 1 at gold 4)."""
    return np.clip((gold - 2.0) / 2.0, 0.0, 1.0) if name == "sts_headlines" else gold


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def cluster_pairs(data: Path, kind: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Within-event training pairs from the DEV clusters of one kind, featurised as the aligner sees them.

    Each cluster is fitted as one event (IDF over its own sentences); positives are gold
    links (SuperPAL: sentences supporting one proposition; ECB+: sentences sharing an event
    chain), negatives the other cross-document pairs among annotated sentences.
    """
    ids: list[str] = []
    rows: list[np.ndarray] = []
    gold: list[float] = []
    for cdir in sorted((data / "clusters").glob(f"{kind}-*")):
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
        size = {d: len(lines) for d, lines in docs.items()}
        order = {d: 0 for d in docs}
        positions = []
        for d, _ in sents:
            positions.append(order[d] / max(1, size[d] - 1))
            order[d] += 1
        model = PairModel.fit([t for _, t in sents], positions)
        pairs = [(a, b) for a in sorted(pool) for b in sorted(pool) if a < b and sents[a][0] != sents[b][0]]
        if not pairs:
            continue
        rows.append(model.feature_matrix(pairs))
        gold += [float(p in links) for p in pairs]
        ids += [f"{cdir.name}:{a}:{b}" for a, b in pairs]
    return ids, np.vstack(rows), np.array(gold)


def fit_trees(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> Trees:
    """Gradient boosting of complete depth-``DEPTH`` trees on the logistic loss (histogram splits)."""
    n, f = x.shape
    edges = np.full((f, BINS - 1), np.inf)
    for k in range(f):
        values = np.unique(x[:, k])
        cuts = np.unique(np.quantile(x[:, k], np.linspace(0, 1, BINS + 1)[1:-1]))
        above = np.searchsorted(values, cuts, side="right")
        cuts, above = cuts[above < len(values)], above[above < len(values)]
        edges[k, : len(cuts)] = (cuts + values[above]) / 2  # midway: robust to rounding the constants
    binned = np.stack([np.searchsorted(edges[k], x[:, k], side="left") for k in range(f)], axis=1)
    w = w * n / w.sum()
    mean = float(np.clip(np.average(y, weights=w), 1e-3, 1 - 1e-3))
    base = float(np.log(mean / (1 - mean)))
    logit = np.full(n, base)
    inner = 2**DEPTH - 1
    features = np.zeros((TREES_COUNT, inner), dtype=np.int64)
    thresholds = np.full((TREES_COUNT, inner), np.inf)
    leaves = np.zeros((TREES_COUNT, inner + 1))
    columns = np.arange(f)
    for t in range(TREES_COUNT):
        p = 1.0 / (1.0 + np.exp(-logit))
        g, h = w * (p - y), w * p * (1 - p)
        node = np.zeros(n, dtype=np.int64)
        split_bin = np.full(inner, BINS, dtype=np.int64)
        for level in range(DEPTH):
            first, count = 2**level - 1, 2**level
            cell = (((node - first)[:, None] * f + columns) * BINS + binned).ravel()
            size = count * f * BINS
            hist_g = np.bincount(cell, np.repeat(g, f), minlength=size).reshape(count, f, BINS).cumsum(axis=2)
            hist_h = np.bincount(cell, np.repeat(h, f), minlength=size).reshape(count, f, BINS).cumsum(axis=2)
            gt, ht = hist_g[:, :, -1:], hist_h[:, :, -1:]
            gr, hr = gt - hist_g, ht - hist_h
            gain = hist_g**2 / (hist_h + L2) + gr**2 / (hr + L2) - gt**2 / (ht + L2)
            gain[(hist_h < MIN_HESSIAN) | (hr < MIN_HESSIAN)] = -np.inf
            for c in range(count):
                k, b = np.unravel_index(int(np.argmax(gain[c])), gain[c].shape)
                if gain[c, k, b] > 1e-9:
                    features[t, first + c], thresholds[t, first + c], split_bin[first + c] = k, edges[k, b], b
            right = binned[np.arange(n), features[t, node]] > split_bin[node]
            node = 2 * node + 1 + right
        leaf = node - inner
        value = -np.bincount(leaf, g, minlength=inner + 1) / (np.bincount(leaf, h, minlength=inner + 1) + L2)
        leaves[t] = RATE * value
        logit += leaves[t, leaf]
    return Trees(feature=features, threshold=thresholds, leaf=leaves, base=base)


def fit_linear(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> Linear:
    """Weighted, L2-regularised logistic regression on standardised features (Newton's method)."""
    center, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = np.hstack([np.ones((len(x), 1)), (x - center) / scale])
    penalty = LINEAR_L2 * w.mean() * np.r_[0.0, np.ones(z.shape[1] - 1)]
    beta = np.zeros(z.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-z @ beta))
        grad = z.T @ (w * (p - y)) + penalty * beta
        hess = (z * (w * p * (1 - p))[:, None]).T @ z + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-9:
            break
    return Linear(weight=beta[1:], bias=float(beta[0]), center=center, scale=scale)


def fit_model(x: np.ndarray, y: np.ndarray, w: np.ndarray, linear_rows: np.ndarray) -> Model:
    """Trees on every row, the linear part on the pair-set rows."""
    return Model(fit_trees(x, y, w), fit_linear(x[linear_rows], y[linear_rows], w[linear_rows]), TREES_SHARE)


def metrics(name: str, gold: np.ndarray, score: np.ndarray) -> str:
    """Accuracy and F1 of label = score >= the same-fact threshold (STS: on gold >= 4 vs <= 1), plus Pearson."""
    extra = ""
    if name == "sts_headlines":
        extra = f" r={np.corrcoef(score, gold)[0, 1]:.3f}"
        keep = (gold >= 4) | (gold <= 1)
        gold, score = (gold[keep] >= 4).astype(float), score[keep]
    label = score >= DECISION
    tp = float(np.sum(label & (gold == 1)))
    f1 = 2 * tp / max(1.0, label.sum() + gold.sum())
    return f"acc={np.mean(label == (gold == 1)):.3f} F1={f1:.3f}{extra}"


def _literal(values: np.ndarray, fmt: str) -> str:
    """A numpy array literal, wrapped to the line length."""
    rows = textwrap.fill(", ".join(fmt.format(v) for v in values.ravel()), 108, initial_indent=" " * 8,
                         subsequent_indent=" " * 8)
    return f"np.array([\n{rows},\n    ]).reshape({values.shape[0]}, {values.shape[1]})"


def write_model(whole: Model) -> None:
    """Rewrite the committed model, generator/similarity_model.py."""
    model = whole.trees
    assert whole.linear is not None
    path = ROOT / "generator" / "similarity_model.py"
    head = path.read_text(encoding="utf-8").split("# fmt: off\n")[0]
    used = np.isfinite(model.threshold)
    threshold = np.where(used, model.threshold, 1e300)
    block = (
        f"FEATURE = {_literal(np.where(used, model.feature, 0), '{:d}')}\n"
        f"THRESHOLD = {_literal(threshold, '{:.6g}')}\n"
        f"LEAF = {_literal(model.leaf, '{:.5g}')}\n"
        f"BASE = {model.base:.6g}\n"
        f"LINEAR_WEIGHT = {_literal(whole.linear.weight[None, :], '{:.6g}')}[0]\n"
        f"LINEAR_BIAS = {whole.linear.bias:.6g}\n"
        f"CENTER = {_literal(whole.linear.center[None, :], '{:.6g}')}[0]\n"
        f"SCALE = {_literal(whole.linear.scale[None, :], '{:.6g}')}[0]\n"
        f"TREES_SHARE = {whole.trees_share}\n"
    )
    path.write_text(head + "# fmt: off\n" + block + "# fmt: on\n", encoding="utf-8")
    print(f"wrote {model.feature.shape[0]} trees to {path}")


def main(argv: list[str] | None = None) -> int:
    """Fit, cross-validate and print figures; 0 also when the data are absent."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--write", type=Path, help="write id<TAB>score<TAB>label (pair sets, committed model)")
    ap.add_argument("--write-model", action="store_true", help="rewrite generator/similarity_model.py")
    ap.add_argument("--weight", action="append", default=[], metavar="SET=W", help="override a set's weight")
    args = ap.parse_args(argv)
    weight = WEIGHT | {k: float(v) for k, v in (o.split("=") for o in args.weight)}
    folder = args.data / "pairs"
    if not folder.is_dir():
        print(f"skipped: no pair sets under {folder}")
        return 0
    names = sorted(p.name[:-4] for p in folder.glob("*.tsv") if not p.name.endswith(".gold.tsv"))
    sets = {}
    for name in names:
        ids, a, b, gold = read_set(folder, name)
        start = time.perf_counter()
        model = PairModel.fit(a + b)
        x = model.feature_matrix([(k, len(a) + k) for k in range(len(a))])
        secs = time.perf_counter() - start
        print(f"{name}: {len(ids)} pairs, fit + features {secs:.2f} s = {len(ids) / secs:.0f} pairs/s")
        sets[name] = (ids, x, gold)
    for kind in ("superpal", "ecbplus"):
        if weight.get(kind, 0) > 0 and (args.data / "clusters").is_dir():
            start = time.perf_counter()
            sets[kind] = cluster_pairs(args.data, kind)
            print(f"{kind}: {len(sets[kind][0])} within-event pairs in {time.perf_counter() - start:.1f} s")

    xs = np.vstack([s[1] for s in sets.values()])
    y = np.concatenate([target(n, s[2]) for n, s in sets.items()])
    w = np.concatenate([np.full(len(s[0]), weight.get(n, 1.0) / len(s[0])) for n, s in sets.items()])
    linear_rows = np.concatenate([np.full(len(s[0]), n in LINEAR_SETS) for n, s in sets.items()])
    start = time.perf_counter()
    fitted = fit_model(xs, y, w, linear_rows)
    print(f"fitted {TREES_COUNT} trees of depth {DEPTH} and the linear part in {time.perf_counter() - start:.1f} s")
    used = np.bincount(fitted.trees.feature[np.isfinite(fitted.trees.threshold)], minlength=len(FEATURES))
    print("splits per feature:", ", ".join(f"{f}={c}" for f, c in zip(FEATURES, used, strict=True)))

    fold = np.random.default_rng(0).integers(0, args.folds, len(y))
    cv = np.zeros(len(y))
    for k in range(args.folds):
        train = fold != k
        cv[fold == k] = probabilities(xs[fold == k], fit_model(xs[train], y[train], w[train], linear_rows[train]))
    offset = 0
    lines = []
    for name, (ids, x, gold) in sets.items():
        part = slice(offset, offset + len(ids))
        offset += len(ids)
        stale = MODEL.linear is not None and len(MODEL.linear.weight) != x.shape[1]
        committed = probabilities(x, fitted if stale else MODEL)  # new features: the fitted model stands in
        print(
            f"{name:<14} CV {metrics(name, gold, cv[part])}"
            f" | DEV fitted {metrics(name, gold, probabilities(x, fitted))}"
            f" | DEV committed {metrics(name, gold, committed)}"
        )
        if name in names:
            lines += [f"{i}\t{s:.4f}\t{int(s >= DECISION)}\n" for i, s in zip(ids, committed, strict=True)]
    if args.write:
        args.write.write_text("".join(lines), encoding="utf-8")
    if args.write_model:
        write_model(fitted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
