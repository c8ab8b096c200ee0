"""Same-fact and corroboration quality on the DEV data in ../shared/eval (when present).

Runs the shared scorers against the installed `brief` command and prints one table
next to the published baselines (for extraction: trafilatura's published F1).
Usage: python bench/quality.py [--limit N] [--brief CMD]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
BASELINE = {
    "mrpc_f1": 0.813, "mrpc_acc": 0.698, "pan_f1": 0.870, "pan_acc": 0.877,
    "sts_headlines_f1": 0.896, "sts_headlines_r": 0.635,
    "superpal_link_f1": 0.360, "superpal_corrob_acc": 0.861, "superpal_status_acc": 0.750,
    "ecb_link_f1": 0.363, "extraction_f1": 0.958,
}
TARGET = {"mrpc_f1": 0.84, "mrpc_acc": 0.76, "superpal_link_f1": 0.50, "superpal_corrob_acc": 0.85,
          "ecb_link_f1": 0.45}


def run(script: str, *args: str) -> dict[str, float]:
    """Run one scorer; return its SCORE line as a dict."""
    cmd = [sys.executable, str(EVAL / script), "--data", str(EVAL / "data"), *args]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=EVAL).stdout
    print(out.rstrip())
    line = next((ln for ln in out.splitlines() if ln.startswith("SCORE ")), "SCORE")
    return {k: float(v) for k, v in re.findall(r"(\w+)=([-\d.eE]+)", line)}


def main() -> int:
    """Print the quality table."""
    ap = argparse.ArgumentParser(description=__doc__)
    beside = Path(sys.executable).parent / "brief"  # the venv this runs in, activated or not
    ap.add_argument("--brief", default=str(beside) if beside.exists() else shutil.which("brief") or "brief")
    ap.add_argument("--limit", default="", help="clusters per set (default: all)")
    ap.add_argument("--skip-clusters", action="store_true")
    ap.add_argument("--skip-extraction", action="store_true")
    a = ap.parse_args()
    if Path(a.brief).exists():
        a.brief = str(Path(a.brief).resolve())  # the scorers run from the eval folder
    elif not shutil.which(a.brief.split()[0]):
        print(f"error: no `brief` command at {a.brief!r}: install the package (pip install -e .) or pass --brief",
              file=sys.stderr)
        return 2
    if not (EVAL / "data").is_dir():
        print(f"skipped: {EVAL} is absent")
        return 0
    scores = run("score_pairs.py", "--brief", a.brief)
    if not a.skip_clusters:
        scores |= run("score_clusters.py", "--brief", a.brief, *(["--limit", a.limit] if a.limit else []))
    if not a.skip_extraction:
        scores |= run("score_extraction.py", "--brief", a.brief, *(["--limit", a.limit] if a.limit else []))
    print(f"\n{'metric':28} {'ours':>7} {'baseline':>9} {'target':>7}")
    for key in sorted(set(BASELINE) | set(scores)):
        if key in BASELINE or key.endswith(("_f1", "_acc", "_r", "pairs_per_s")):
            ours = f"{scores[key]:.3f}" if key in scores else "-"
            base = f"{BASELINE[key]:.3f}" if key in BASELINE else "-"
            tgt = f"{TARGET[key]:.2f}" if key in TARGET else "-"
            print(f"{key:28} {ours:>7} {base:>9} {tgt:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
