"""The `brief` command: facts, pairs and build (see shared CONTRACT.md)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path

from .config import Config, ConfigError
from .errors import InputError

log = logging.getLogger(__name__)

_LIBRARY_LOGGERS = ("trafilatura", "htmldate", "courlan", "charset_normalizer")


def cmd_facts(args: argparse.Namespace, config: Config) -> int:
    """Print one event's brief as JSON."""
    from .export import brief_to_json
    from .pipeline import build_brief

    folder = Path(args.dir)
    if not folder.is_dir():
        raise InputError(str(folder), "not a folder; pass the folder that holds one event's reports")
    text = brief_to_json(build_brief(folder, config))
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))  # UTF-8 whatever the locale says
    sys.stdout.buffer.flush()
    return 0


def cmd_pairs(args: argparse.Namespace, config: Config) -> int:
    """Score tab-separated statement pairs with the aligner's same-fact rule."""
    from .similarity import same_fact, score_text_pairs

    path = Path(args.file)
    try:
        raw = path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror})") from None
    rows = []
    for n, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) < 3:
            raise InputError(f"{path}:{n}", "expected id<TAB>text_a<TAB>text_b")
        rows.append((parts[0], parts[1], "\t".join(parts[2:])))
    jobs = config.workers()
    blocks = max(1, -(-len(rows) // config.pairs_per_fit))
    size = max(1, -(-len(rows) // blocks))  # even blocks of at most pairs_per_fit pairs
    out = sys.stdout
    for start in range(0, len(rows), size):
        block = rows[start : start + size]
        scores = score_text_pairs([t for _, a, b in block for t in (a, b)], jobs)
        for (pid, _, _), p in zip(block, scores, strict=True):
            out.write(f"{pid}\t{float(p):.4f}\t{int(same_fact(float(p), config))}\n")
    return 0


def cmd_build(args: argparse.Namespace, config: Config) -> int:
    """Build every event under content/ into Markdown, then the site."""
    from .build import build_all
    from .site import SiteBuildError

    try:
        build_all(config, config_file=Path(args.config), only=args.event or None, verbose=args.verbose)
    except SiteBuildError as exc:
        print(f"brief: error: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_add(args: argparse.Namespace, config: Config) -> int:
    """Copy or download reports into an event's folder."""
    from .add import add

    for added in add(args.event, args.inputs, config):
        print(added)
    return 0


def parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    p = argparse.ArgumentParser(prog="brief", description="Extractive event briefs with provenance.")
    p.add_argument("-v", "--verbose", action="store_true", help="log progress to standard error")
    p.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                   help="override a configuration field (see the README's Configuration table); repeatable")
    sub = p.add_subparsers(dest="command", required=True)
    f = sub.add_parser("facts", help="print one event's brief as JSON")
    f.add_argument("dir", help="folder holding the reports of one event")
    s = sub.add_parser("pairs", help="score statement pairs: id<TAB>a<TAB>b per line")
    s.add_argument("file")
    b = sub.add_parser("build", help="build every event under content/ and the site")
    b.add_argument("--content", help="content folder (default: content)")
    b.add_argument("--build-dir", help="folder for generated Markdown and caches (default: build)")
    b.add_argument("--site", help="output folder of the site (default: site)")
    b.add_argument("--config", default="mkdocs.yml", help="MkDocs configuration file")
    b.add_argument("--jobs", type=int, help="events processed in parallel (default: 0, the number of cores)")
    b.add_argument("--event", action="append", help="build only this event id (repeatable)")
    a = sub.add_parser("add", help="copy or download reports into content/<event>/")
    a.add_argument("event", help="event folder name or id (a new folder gets a safe id)")
    a.add_argument("inputs", nargs="+", metavar="FILE|URL",
                   help="report files (.txt, .md, .html) or http(s) URLs")
    a.add_argument("--content", help="content folder (default: content)")
    return p


def parse_setting(text: str) -> tuple[str, object]:
    """``FIELD=VALUE`` to a typed override of a Config field."""
    name, sep, raw = text.partition("=")
    types = {f.name: f.type for f in fields(Config)}
    if not sep or name not in types:
        raise ValueError(f"--set {text!r}: expected FIELD=VALUE with FIELD one of {', '.join(types)}")
    kind = str(types[name])
    if kind == "bool":
        if raw.lower() not in ("true", "false", "1", "0", "yes", "no"):
            raise ValueError(f"--set {name}: expected true or false, not {raw!r}")
        return name, raw.lower() in ("true", "1", "yes")
    if kind == "Path":
        return name, Path(raw)
    try:
        return name, int(raw) if kind == "int" else float(raw)
    except ValueError:
        raise ValueError(f"--set {name}: expected a number, not {raw!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `brief` console command."""
    p = parser()
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    if not args.verbose:
        # The HTML extractor's own parse notes ("parsed tree length: 1…") are not for the user: a page it
        # cannot read is reported once, in the brief's warnings, naming the file.
        for name in _LIBRARY_LOGGERS:
            logging.getLogger(name).setLevel(logging.CRITICAL)
    # Options given on the command line win over --set, which wins over the defaults.
    options = {"content_dir": getattr(args, "content", None), "build_dir": getattr(args, "build_dir", None),
               "site_dir": getattr(args, "site", None)}
    given = {k: Path(v) for k, v in options.items() if v is not None}
    if getattr(args, "jobs", None) is not None:
        given["jobs"] = args.jobs
    try:
        config = Config().with_(**dict(parse_setting(s) for s in args.set)).with_(**given)
    except (ConfigError, ValueError) as exc:
        print(f"brief: error: {exc}", file=sys.stderr)
        return 2
    commands = {"facts": cmd_facts, "pairs": cmd_pairs, "build": cmd_build, "add": cmd_add}
    try:
        return commands[args.command](args, config)
    except InputError as exc:
        print(f"brief: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
