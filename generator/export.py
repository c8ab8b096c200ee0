"""The brief as the JSON document of the command-line contract (schema 1)."""

from __future__ import annotations

import json
from typing import Any

from .model import Brief


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    """The contract's JSON object for one brief (see shared CONTRACT.md)."""
    origin_of = {sid: o.id for o in brief.origins for sid in o.source_ids}
    return {
        "schema": 1,
        "event": {"id": brief.event.id, "title": brief.event.title, "date": brief.event.date,
                  "summary": brief.event.summary, "inferred": list(brief.event.inferred)},
        "summary": {"reports": len(brief.sources), "independent": brief.independent, "set_apart": brief.set_apart,
                    "facts": len(brief.facts),
                    "corroborated": sum(1 for f in brief.facts if f.status == "corroborated"),
                    "disputed": sum(1 for f in brief.facts if f.status == "disputed")},
        "sources": [
            {"id": r.source.id, "title": r.source.meta.title, "publisher": r.source.meta.publisher,
             "url": r.source.meta.url, "published": r.source.meta.published,
             "language": r.source.meta.language, "origin": origin_of.get(r.source.id, r.source.id),
             "inferred": list(r.source.meta.inferred), "file": r.source.path.rsplit("/", 1)[-1],
             "format": r.source.format, "sentences": r.sentences, "used": r.used, "removed": r.removed,
             "flags": list(r.flags), "warnings": list(r.source.warnings), "apart": r.apart}
            for r in brief.sources
        ],
        "origins": [{"id": o.id, "sources": list(o.source_ids), "reason": o.reason} for o in brief.origins],
        "facts": [
            {"id": f.id, "text": f.text, "status": f.status, "sources": list(f.source_ids),
             "origins": f.origins, "variants": list(f.variants), "note": f.note,
             "evidence": [{"source": c.source_id, "sentence": c.sentence_index, "text": c.text,
                           "start": c.start, "end": c.end, "variant": c.variant,
                           "role": "added" if c.added else "matched"} for c in f.citations]}
            for f in brief.facts
        ],
        "aliases": [list(group) for group in brief.aliases],
        "removed": [{"source": r.source_id, "text": r.text, "reason": r.reason} for r in brief.removed],
        "warnings": list(brief.warnings),
    }


def brief_to_json(brief: Brief) -> str:
    """Deterministic, UTF-8-friendly JSON text of a brief."""
    return json.dumps(brief_to_dict(brief), ensure_ascii=False, indent=1, sort_keys=False) + "\n"
