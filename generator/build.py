"""`brief build`: every event under content/ into Markdown briefs, then the site.

Events are independent, so they are processed in parallel. Generated Markdown
goes to ``<build_dir>/docs`` (never into content/); MkDocs then renders the
site into a temporary folder that replaces ``site/`` only on success.
"""

from __future__ import annotations

import logging
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import render, site
from .config import Config
from .export import brief_to_json
from .load import event_dirs
from .model import Brief
from .pipeline import build_brief

log = logging.getLogger(__name__)


def _one(args: tuple[str, Path, Config]) -> Brief:
    event_id, folder, config = args
    from . import load, pipeline

    return pipeline.brief_from_sources(load.load_event(folder, config, event_id), config)


def build_briefs(config: Config, only: list[str] | None = None) -> list[Brief]:
    """The brief of every event (or of the events named in ``only``)."""
    dirs = event_dirs(config.content_dir)
    if only:
        missing = [e for e in only if e not in dirs]
        if missing:
            from .errors import InputError

            raise InputError(str(config.content_dir), f"no event with id {missing[0]!r}")
        dirs = {k: v for k, v in dirs.items() if k in only}
    jobs = config.jobs or os.cpu_count() or 1
    work = [(eid, folder, config) for eid, folder in dirs.items()]
    if jobs == 1 or len(work) <= 1:
        return [_one(w) for w in work]
    with ProcessPoolExecutor(max_workers=min(jobs, len(work))) as pool:
        return list(pool.map(_one, work))


def write_docs(briefs: list[Brief], docs_dir: Path) -> None:
    """Render every brief and the home page into a fresh docs folder."""
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    docs_dir.mkdir(parents=True)
    summaries = []
    for brief in briefs:
        render.render_event(brief, docs_dir)
        (docs_dir / brief.event.id / "brief.json").write_text(brief_to_json(brief), encoding="utf-8")
        summaries.append(render.EventSummary(
            id=brief.event.id, title=brief.event.title, date=brief.event.date, reports=len(brief.sources),
            independent=len(brief.origins), facts=len(brief.facts), updated=brief.event.date))
    render.render_home(summaries, docs_dir)


def build_all(config: Config, config_file: Path, only: list[str] | None = None) -> None:
    """Build the briefs, their Markdown and the site."""
    briefs = build_briefs(config, only)
    docs_dir = config.build_dir / "docs"
    write_docs(briefs, docs_dir)
    site.build_site(config_file, docs_dir, config.site_dir)
    log.info("built %d event(s) into %s", len(briefs), config.site_dir)
