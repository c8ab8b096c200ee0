"""How `brief build` scales: cold build, no-op rebuild and one-report-added rebuild at three sizes.

Builds a corpus of N events x ~11 reports in a temporary folder: the ECB+ clusters
of ../shared/eval/data/clusters/ecbplus-* when present (else the events under
content/), plus generated variants (sentences shuffled, some dropped) for larger N.
For each scenario it prints wall time, peak memory of the whole process tree
(main process and workers), seconds per build stage (ours and MkDocs'), the site's
size and the search index's size. A serial pass over a sample of events then
splits our per-event time into pipeline stages, to show where time goes.

    python bench/scale.py                 # sizes 10, 30, 90
    python bench/scale.py --sizes 5 --jobs 2
    python bench/scale.py --one-event 126 --sizes   # one folder of 126 reports through `brief facts`
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT.parent / "shared" / "eval" / "data" / "clusters"
MKDOCS = ROOT / "mkdocs.yml"


# ------------------------------------------------------------------ corpus


def base_events() -> list[tuple[str, dict[str, str]]]:
    """(name, {file name: text}) of every base event: ECB+ clusters, else the project's content."""
    folders = sorted(CLUSTERS.glob("ecbplus-*")) if CLUSTERS.is_dir() else []
    if not folders:
        folders = sorted(p for p in (ROOT / "content").iterdir() if p.is_dir())
    out = []
    for folder in folders:
        files = {p.name: p.read_text(encoding="utf-8", errors="replace")
                 for p in sorted(folder.iterdir()) if p.suffix in (".txt", ".md", ".html")}
        if len(files) >= 2:
            out.append((folder.name, files))
    return out


def perturb(text: str, rng: random.Random) -> str:
    """The same report with its sentences (lines) after the first shuffled and about a tenth dropped."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    head, rest = lines[:1], lines[1:]
    rng.shuffle(rest)
    keep = [ln for ln in rest if rng.random() > 0.1] or rest[:1]
    return "\n".join(head + keep) + "\n"


def make_corpus(content: Path, n: int, bases: list[tuple[str, dict[str, str]]], per_event: int = 11) -> int:
    """Write n events into ``content``; returns the number of reports."""
    reports = 0
    for k in range(n):
        name, files = bases[k % len(bases)]
        rng = random.Random(k)
        variant = k >= len(bases)
        folder = content / (f"e{k:03d}-{name}" + (f"-v{k // len(bases)}" if variant else ""))
        folder.mkdir(parents=True)
        for fname, text in list(files.items())[:per_event]:
            (folder / fname).write_text(perturb(text, rng) if variant else text, encoding="utf-8")
            reports += 1
    return reports


# ---------------------------------------------------------------- measuring


def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total


def snapshot_code(root: Path) -> Path:
    """A copy of the generator, theme and mkdocs.yml, so edits made meanwhile do not change cache keys."""
    code = root / "code"
    shutil.copytree(ROOT / "generator", code / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    if (ROOT / "theme").is_dir():
        shutil.copytree(ROOT / "theme", code / "theme")
    shutil.copy2(MKDOCS, code / "mkdocs.yml")
    return code


def run_build(root: Path, jobs: int) -> dict[str, object]:
    """One `brief build` in a fresh process: wall seconds, CPU seconds and peak memory of the process
    tree, stage timings."""
    code = ("import io, json, sys\nfrom pathlib import Path\nfrom generator import build\n"
            "from generator.config import Config\n"
            "root, jobs, mk = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])\n"
            "c = Config().with_(content_dir=root/'content', build_dir=root/'build', site_dir=root/'site',"
            " jobs=jobs)\n"
            "out = io.StringIO()\nr = build.build_all(c, mk, out=out, err=io.StringIO())\n"
            "print(json.dumps({'timings': r.timings, 'site_rebuilt': r.site_rebuilt,"
            " 'rebuilt': sum(o.rebuilt for o in r.events), 'out': out.getvalue()}))\n")
    code_dir = root / "code"
    start, cpu_before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen([sys.executable, "-c", code, str(root), str(jobs), str(code_dir / "mkdocs.yml")],
                            cwd=code_dir,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - start
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{stderr[-3000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result.update(wall=wall, peak=peak, cpu=cpu)
    return result


def size_of(path: Path) -> int:
    """Bytes in a file or a folder tree (0 when missing)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def report_line(label: str, r: dict[str, object], root: Path) -> str:
    t: dict[str, float] = r["timings"]  # type: ignore[assignment]
    mkdocs = t.get("mkdocs", 0.0)
    ours = sum(t.values()) - mkdocs
    stages = " ".join(f"{k}={v:.2f}" for k, v in t.items())
    search = root / "site" / "search"
    total = size_of(search)
    pages = size_of(search / "pages.js")
    shards = sorted((size_of(p) for p in (search / "t").glob("*.js")), reverse=True) if (search / "t").is_dir() else []
    texts = sorted((size_of(p) for p in (search / "p").glob("*.js")), reverse=True) if (search / "p").is_dir() else []
    # The most one query can load: the page list, the word shards of two terms and the texts
    # of ten result pages (MAX_RESULTS in theme/js/brief.js).
    query = pages + sum(shards[:2]) + sum(texts[:10])
    site = size_of(root / "site")
    # The bound: the site at most 3x the generated Markdown plus the source texts.
    inputs = size_of(root / "build" / "docs") + size_of(root / "content")
    ratio = site / inputs if inputs else 0.0
    return (f"  {label:<10} wall {r['wall']:6.2f}s (cpu {r['cpu']:6.1f}s)  ours {ours:6.2f}s  "
            f"mkdocs {mkdocs:6.2f}s  "
            f"peak {r['peak'] / 2**20:5.0f} MiB  rebuilt {r['rebuilt']:3d}  site {site / 2**20:6.1f} MiB "
            f"({ratio:.1f}x Markdown + sources)  "
            f"search data {total / 2**20:5.2f} MiB, at most {query / 2**10:5.0f} KiB per query\n    stages: {stages}")


# ------------------------------------------------------ per-stage profile


def stage_profile(content: Path, sample: int) -> str:
    """Serial seconds per pipeline stage over the first ``sample`` events."""
    sys.path.insert(0, str(ROOT))
    from generator import align, clean, corroborate, load, origins, pipeline, segment, statements
    from generator.config import Config

    spent: dict[str, float] = {}

    def timed(module: object, name: str, label: str) -> None:
        real = getattr(module, name)

        def wrapper(*a: object, **k: object) -> object:
            t = time.perf_counter()
            try:
                return real(*a, **k)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - t
        setattr(module, name, wrapper)

    for module, name, label in (
            (load, "load_event", "load"), (clean, "clean", "clean"), (segment, "split", "segment"),
            (statements, "statements", "statements"), (align, "score_links", "align: similarity"),
            (align, "align", "align: total"), (origins, "group_origins", "origins"),
            (corroborate, "facts_from", "corroborate")):
        timed(module, name, label)
    config = Config()
    folders = sorted(p for p in content.iterdir() if p.is_dir())[:sample]
    start = time.perf_counter()
    slowest = []
    for folder in folders:
        t = time.perf_counter()
        pipeline.brief_from_sources(load.load_event(folder, config), config)
        slowest.append((time.perf_counter() - t, folder.name))
    total = time.perf_counter() - start
    slowest.sort(reverse=True)
    per_event = total / max(1, len(folders))
    lines = [f"  per-stage profile (serial), {len(folders)} events: {total:.2f}s, {per_event:.2f}s per event"]
    ranked = sorted(spent.items(), key=lambda kv: -kv[1])
    lines += [f"    {k:<18} {v:6.2f}s  {v / total:5.1%}" for k, v in ranked]
    lines.append("    slowest events: " + ", ".join(f"{n} {s:.2f}s" for s, n in slowest[:3]))
    return "\n".join(lines)


# -------------------------------------------------------------------- main


def one_event(n: int, bases: list[tuple[str, dict[str, str]]]) -> str:
    """Time and peak memory of `brief facts` on one folder of ``n`` reports pooled from the base events:
    the cost of one very large event, which grows with the square of its statements."""
    root = Path(tempfile.mkdtemp(prefix=f"brief-one-event-{n}-"))
    try:
        files = [(f"{name}-{fname}", text) for name, event in bases for fname, text in event.items()][:n]
        for fname, text in files:
            (root / fname).write_text(text, encoding="utf-8")
        brief = Path(sys.executable).parent / "brief"
        start = time.perf_counter()
        done = subprocess.run([str(brief), "facts", str(root)], capture_output=True, text=True, check=True)
        wall = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        doc = json.loads(done.stdout)
        sentences = sum(s["sentences"] for s in doc["sources"])
        return (f"one event of {len(files)} reports, {sentences} sentences: {wall:.1f} s, peak {peak:.0f} MiB, "
                f"{len(doc['facts'])} facts")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[10, 30, 90])
    ap.add_argument("--jobs", type=int, default=0, help="worker processes (default: cores)")
    ap.add_argument("--profile-events", type=int, default=10, help="events in the serial per-stage profile")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folders")
    ap.add_argument("--one-event", type=int, default=0, metavar="N",
                    help="also time `brief facts` on one folder of N reports pooled from the base events")
    args = ap.parse_args()
    bases = base_events()
    if not bases:
        print("no ECB+ clusters and no content events found; nothing to measure")
        return 0
    source = "ECB+ clusters" if CLUSTERS.is_dir() and any(CLUSTERS.glob("ecbplus-*")) else "content/ events"
    print(f"base: {len(bases)} {source}; cores: {os.cpu_count()}; jobs: {args.jobs or os.cpu_count()}; "
          f"load average before: {os.getloadavg()[0]:.2f}")
    if args.one_event:
        print(one_event(args.one_event, bases))
    for n in args.sizes:
        root = Path(tempfile.mkdtemp(prefix=f"brief-scale-{n}-"))
        try:
            reports = make_corpus(root / "content", n, bases)
            snapshot_code(root)
            print(f"\n{n} events, {reports} reports")
            print(report_line("cold", run_build(root, args.jobs), root))
            print(report_line("no-op", run_build(root, args.jobs), root))
            first = sorted((root / "content").iterdir())[0]
            donor = next(iter(sorted(first.iterdir())))
            added = perturb(donor.read_text(encoding="utf-8"), random.Random(-1)) + "One more closing line.\n"
            (first / "added-report.txt").write_text(added, encoding="utf-8")
            print(report_line("one added", run_build(root, args.jobs), root))
            if n == args.sizes[0] and args.profile_events:
                print(stage_profile(root / "content", args.profile_events))
        finally:
            if args.keep:
                print(f"  kept {root}")
            else:
                shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
