"""Builders that keep test inputs inline (shared by the stage tests)."""

from __future__ import annotations

import dataclasses

from conftest import build_brief

from generator.model import Brief, CleanSource, Sentence, Source, SourceMeta
from generator.statements import Statement


def sentences(source_id: str, *texts: str) -> list[Sentence]:
    """Sentences of one source, laid out one per paragraph as the segmenter would."""
    out, offset = [], 0
    for k, t in enumerate(texts):
        out.append(Sentence(source_id, k, t, offset, offset + len(t), k))
        offset += len(t) + 2
    return out


def units(*sources: tuple[str, list[str]]) -> list[Statement]:
    """Whole-sentence statements of several sources: units(("a", [...]), ("b", [...]))."""
    return [Statement(s, s.text, s.start, s.end) for sid, texts in sources for s in sentences(sid, *texts)]


def cleaned(text: str, language: str = "en") -> CleanSource:
    """A cleaned source holding ``text`` (nothing removed)."""
    src = Source(id="a", event_id="event", path="a.txt", format="txt", body=text,
                 meta=SourceMeta(title="a", language=language), digest="0")
    return CleanSource(source=src, text=text, removed=())


def brief_of(texts: dict[str, str], facts: list[tuple[str, str, list[tuple[str, int]]]] | None = None,
             published: str | None = "2023-02-01", aliases: tuple[tuple[str, ...], ...] = ()) -> Brief:
    """An inline brief: one source per text, all published on ``published``."""
    meta = {sid: SourceMeta(title=sid, publisher=sid.title(), published=published) for sid in texts}
    facts = facts or [("single-source", "", [(sid, 0)]) for sid in texts]
    return dataclasses.replace(build_brief(texts, facts=facts, meta=meta), aliases=aliases)
