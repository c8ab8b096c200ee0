"""Shared fixtures."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import pytest

from generator.model import (
    Brief,
    Citation,
    CleanSource,
    EventMeta,
    Fact,
    Origin,
    Removed,
    Sentence,
    Source,
    SourceMeta,
    SourceReport,
)

HOSTILE = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "{{ 7*7 }}",
)
"""Text a report may contain that must show literally on the site."""

_SENTENCE = re.compile(r"[^.!?\s][^.!?\n]*[.!?]*")


def build_brief(
    texts: dict[str, str] | None = None,
    *,
    event_id: str = "2024-05-01-harbour-bridge",
    title: str = "Harbour bridge reopens after repairs",
    facts: Sequence[tuple[str, str, Sequence[tuple[str, int]]]] | None = None,
    origins: Sequence[Sequence[str]] | None = None,
    meta: dict[str, SourceMeta] | None = None,
) -> Brief:
    """A small, consistent Brief built inline: sentences are split at . ! ? and facts cite them.

    ``facts`` are (status, variant_or_empty, [(source id, sentence index), ...]); the fact text is
    the first citation's sentence. Disputed facts use variant strings separated by '|'.
    """
    texts = texts or {
        "alpha": "The harbour bridge reopened on Monday. Repairs took nine weeks.\n\n"
        "The city paid 4 million for the work.",
        "beta": "Repairs took nine weeks, officials said. The harbour bridge reopened on Monday. "
        "The city paid 5 million for the work.",
        "gamma": "The harbour bridge reopened on Monday. The banner read "
        + " ".join(HOSTILE)
        + " in red! Crowds cheered.",
    }
    facts = facts or (
        ("corroborated", "", [("alpha", 0), ("beta", 1), ("gamma", 0)]),
        ("corroborated", "", [("alpha", 1), ("beta", 0)]),
        ("disputed", "4 million|5 million", [("alpha", 2), ("beta", 2)]),
        ("single-source", "", [("gamma", 1)]),
        ("single-source", "", [("gamma", 2)]),
    )
    sentences = {
        sid: [Sentence(sid, i, m.group(), m.start(), m.end()) for i, m in enumerate(_SENTENCE.finditer(text))]
        for sid, text in texts.items()
    }
    meta = (
        meta
        if meta is not None
        else {
            "gamma": SourceMeta(
                title="Gamma " + HOSTILE[1],
                publisher=HOSTILE[2],
                url="javascript:alert(1)",
                published=None,
                inferred=("title", "publisher"),
            )
        }
    )
    sources = {
        sid: Source(
            id=sid,
            event_id=event_id,
            path=f"{sid}.txt",
            format="txt",
            body=text,
            meta=meta.get(sid)
            or SourceMeta(
                title=f"Report {sid}",
                publisher=f"{sid.title()} Daily",
                published="2024-05-01",
                url=f"https://example.org/{sid}",
            ),
            digest="0" * 64,
        )
        for sid, text in texts.items()
    }
    groups = origins or [[sid] for sid in texts]
    origin_list = tuple(
        Origin(f"o{i}", tuple(g), "near-identical wording" if len(g) > 1 else "")
        for i, g in enumerate(groups)
    )
    origin_of = {sid: o.id for o in origin_list for sid in o.source_ids}

    fact_list = []
    for n, (status, variants, cites) in enumerate(facts):
        citations = tuple(
            Citation(sid, i, s.text, s.start, s.end, variant=k if variants else 0)
            for k, (sid, i) in enumerate(cites)
            for s in [sentences[sid][i]]
        )
        fact_list.append(
            Fact(
                id=f"fact{n}",
                text=citations[0].text,
                status=status,
                citations=citations,
                origins=len({origin_of[c.source_id] for c in citations}),
                variants=tuple(variants.split("|")) if variants else (),
            )
        )
    used = {(c.source_id, c.sentence_index) for f in fact_list for c in f.citations}
    removed = tuple(
        Removed(sid, f"Copyright {sid} {HOSTILE[0]}", "boilerplate: copyright line") for sid in texts
    )
    return Brief(
        event=EventMeta(event_id, title, "2024-05-01"),
        sources=tuple(
            SourceReport(
                sources[sid],
                origin_of[sid],
                len(sentences[sid]),
                sum(1 for s in sentences[sid] if (sid, s.index) in used),
                1,
                ("likely machine-translated",) if sid == "gamma" else (),
            )
            for sid in texts
        ),
        cleaned=tuple(
            CleanSource(sources[sid], text, tuple(r for r in removed if r.source_id == sid))
            for sid, text in texts.items()
        ),
        sentences=tuple(s for group in sentences.values() for s in group),
        facts=tuple(fact_list),
        origins=origin_list,
        removed=removed,
        warnings=("Two reports share one original.",),
    )


@pytest.fixture
def make_brief() -> Callable[..., Brief]:
    """The inline Brief builder (see ``build_brief``)."""
    return build_brief
