"""Held-out estimate of the cluster figures: each DEV cluster scored by a model trained without it.

    python bench/heldout.py [--data ../shared/eval/data] [--folds 4] [--weight SET=W]

The committed same-fact model is trained on the DEV clusters it is then measured on, so
``bench/quality.py`` flatters the cluster figures. Here the clusters of each kind are split
into folds (SuperPAL: one cluster per fold); for each fold the model is refitted on the pair
sets and on every other cluster, exactly as ``bench/tune_pairs.py`` fits it, and the fold's
clusters are run through the pipeline with that model and scored with
``../shared/eval/score_clusters.py``. Prints link precision, recall and F1 and the SuperPAL
corroboration accuracy, held out and in-sample (the committed model), side by side.
Skips cleanly when the data are absent. No data is kept.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import tune_pairs  # noqa: E402

from generator import pipeline, similarity  # noqa: E402
from generator.config import Config  # noqa: E402
from generator.export import brief_to_dict  # noqa: E402


def score(scorer: object, cdir: Path) -> dict[str, object]:
    """Run one cluster through the pipeline with the current ``similarity.MODEL`` and score it."""
    cl = scorer.load_cluster(str(cdir))  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as tmp:
        for name in cl["docs"]:
            shutil.copyfile(Path(cl["dir"]) / name, Path(tmp) / name)
        brief = brief_to_dict(pipeline.build_brief(Path(tmp), Config()))
    return scorer.score_cluster(cl, json.loads(json.dumps(brief)))  # type: ignore[attr-defined,no-any-return]


def summary(results: list[dict[str, object]]) -> str:
    """Micro-averaged link P/R/F1 (and corroboration accuracy where the gold has propositions)."""
    tp = sum(int(r["tp"]) for r in results)  # type: ignore[call-overload]
    pred = sum(int(r["pred_links"]) for r in results)  # type: ignore[call-overload]
    gold = sum(int(r["gold_links"]) for r in results)  # type: ignore[call-overload]
    p, r = tp / pred if pred else 0.0, tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    corr = [c for res in results for c in res.get("corroboration", [])]  # type: ignore[attr-defined]
    extra = ""
    if corr:
        acc = sum((c["gold"] >= 2) == (c["pred"] >= 2) for c in corr) / len(corr)
        extra = f" corrob_acc={acc:.3f}"
    return f"P={p:.3f} R={r:.3f} F1={f:.3f}{extra}"


def main(argv: list[str] | None = None) -> int:
    """Refit per fold, score the held-out clusters, print both figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=tune_pairs.DEFAULT_DATA)
    ap.add_argument("--folds", type=int, default=4, help="folds per kind (SuperPAL: at most one per cluster)")
    ap.add_argument("--weight", action="append", default=[], metavar="SET=W", help="override a set's weight")
    args = ap.parse_args(argv)
    eval_dir = args.data.parent
    if not (args.data / "clusters").is_dir() or not (args.data / "pairs").is_dir():
        print(f"skipped: no clusters or pair sets under {args.data}")
        return 0
    sys.path.insert(0, str(eval_dir))
    import score_clusters  # the shared scorer: read, never copied

    weight = tune_pairs.WEIGHT | {k: float(v) for k, v in (o.split("=") for o in args.weight)}
    folder = args.data / "pairs"
    sets = {}
    for name in sorted(p.name[:-4] for p in folder.glob("*.tsv") if not p.name.endswith(".gold.tsv")):
        _, a, b, gold = tune_pairs.read_set(folder, name)
        x = similarity.PairModel.fit(a + b).feature_matrix([(k, len(a) + k) for k in range(len(a))])
        sets[name] = (x, tune_pairs.target(name, gold), np.full(len(gold), weight.get(name, 1.0) / len(gold)),
                      np.full(len(gold), name in tune_pairs.LINEAR_SETS), np.array([""] * len(gold), dtype=object))
    for kind in ("superpal", "ecbplus"):
        ids, x, gold = tune_pairs.cluster_pairs(args.data, kind)
        cluster = np.array([i.split(":")[0] for i in ids], dtype=object)
        sets[kind] = (x, gold, np.full(len(gold), weight.get(kind, 1.0) / len(gold)), np.zeros(len(gold), bool),
                      cluster)
    x = np.vstack([s[0] for s in sets.values()])
    y = np.concatenate([s[1] for s in sets.values()])
    w = np.concatenate([s[2] for s in sets.values()])
    linear = np.concatenate([s[3] for s in sets.values()])
    cluster = np.concatenate([s[4] for s in sets.values()])

    committed = similarity.MODEL
    for kind in ("superpal", "ecbplus"):
        dirs = sorted((args.data / "clusters").glob(f"{kind}-*"))
        if not dirs:
            continue
        folds = min(args.folds, len(dirs))
        held: list[dict[str, object]] = []
        inside: list[dict[str, object]] = []
        for k in range(folds):
            out = dirs[k::folds]
            names = {d.name for d in out}
            train = np.array([c not in names for c in cluster])
            similarity.MODEL = tune_pairs.fit_model(x[train], y[train], w[train], linear[train])
            held += [score(score_clusters, d) for d in out]
            similarity.MODEL = committed
            inside += [score(score_clusters, d) for d in out]
        print(f"{kind:<9} held out: {summary(held)} | in-sample: {summary(inside)}"
              f" ({len(dirs)} clusters, {folds} folds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
