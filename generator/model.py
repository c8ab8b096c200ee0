"""The typed data that flows between pipeline stages.

Every stage takes the previous stage's type and returns a new, frozen one.
Provenance travels in the data: a sentence knows its source and its
character span in that source's cleaned text, so a citation is never
reconstructed at render time.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SourceMeta:
    """What is known about one report, stated or inferred."""

    title: str
    """Headline; stated in front matter or inferred from the text (else the file name)."""
    publisher: str | None = None
    """Outlet name, when stated or inferable (copyright line, reporter tag, site line)."""
    url: str | None = None
    """Original address, only when stated; never invented."""
    published: str | None = None
    """Publication date as YYYY-MM-DD, when stated or inferable from a dateline."""
    language: str = "en"
    """ISO 639-1 language code, stated or guessed from the script."""
    inferred: tuple[str, ...] = ()
    """Names of the fields above that were inferred from the text, not stated."""


@dataclass(frozen=True, slots=True)
class Source:
    """One report as loaded: decoded, front matter parsed, HTML turned to text."""

    id: str
    """Stable id, safe as a path component (derived from the file name)."""
    event_id: str
    """Id of the event folder this report belongs to."""
    path: str
    """Path of the input file, relative to the content root where possible (for messages)."""
    format: str
    """Input format: 'txt', 'md' or 'html'."""
    body: str
    """The report's text before cleaning (front matter removed, HTML extracted)."""
    meta: SourceMeta
    """Stated and inferred metadata."""
    digest: str
    """sha256 of the input bytes; the key of per-source caches."""
    warnings: tuple[str, ...] = ()
    """Problems found while loading that did not stop the build (shown on the brief)."""
    left_out: tuple[str, ...] = ()
    """What a saved page shows outside the text extracted as its article (menus, asides, captions),
    one piece per run of page blocks (``load.left_out``); cleaning lists each as removed."""
    hidden: tuple[str, ...] = ()
    """Text a saved page's markup hides from readers (the ``hidden`` attribute, ``display: none``), one
    piece per hidden element; no part of the report, and cleaning lists each as removed."""
    struck: tuple[str, ...] = ()
    """Text the report strikes through (Markdown ``~~…~~``, a saved page's ``<del>`` and ``<s>``), one piece
    per run: what it marks as withdrawn, a correction's old wording; cleaning lists each as removed."""


@dataclass(frozen=True, slots=True)
class Removed:
    """A piece of a report that cleaning took out, kept so nothing is lost silently."""

    source_id: str
    text: str
    """The removed text, verbatim from the source body (a saved page's text left outside its article:
    from the page, each run of blocks joined by " · ")."""
    reason: str
    """Why it was removed: 'boilerplate: copyright line', 'caption', 'duplicate', ..."""


@dataclass(frozen=True, slots=True)
class CleanSource:
    """A report after boilerplate removal."""

    source: Source
    text: str
    """The cleaned text; every evidence offset points into this string."""
    removed: tuple[Removed, ...]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One statement of one source, with its exact place in the cleaned text."""

    source_id: str
    index: int
    """Position of the sentence in its source (0-based); also its anchor number."""
    text: str
    """Verbatim slice of the cleaned text: ``clean.text[start:end]``."""
    start: int
    end: int
    paragraph: int = 0
    """Index of the paragraph the sentence belongs to."""

    @property
    def key(self) -> str:
        """Unique key within an event: ``<source id>#<index>``."""
        return f"{self.source_id}#{self.index}"

    @property
    def anchor(self) -> str:
        """HTML id of the sentence on its source page."""
        return f"s{self.index}"


@dataclass(frozen=True, slots=True)
class Citation:
    """One piece of evidence for a fact: a span of one source's cleaned text."""

    source_id: str
    sentence_index: int
    """The sentence that holds the span (for the anchor on the source page)."""
    text: str
    """Verbatim ``clean.text[start:end]``: the part that states the fact."""
    start: int
    end: int
    variant: int = 0
    """For disputed facts: which version (index into Fact.variants) this cites."""
    added: bool = False
    """Added evidence: a statement that also states the fact among other things (or a report's
    repeat of it), not one of the statements matched as stating it, one per report."""


@dataclass(frozen=True, slots=True)
class Fact:
    """One statement of fact with every source that states it."""

    id: str
    """Stable id: a hash of the shown wording's source and span."""
    text: str
    """The shown wording: verbatim one of the citations' texts."""
    status: str
    """'corroborated', 'single-source' or 'disputed'."""
    citations: tuple[Citation, ...]
    origins: int
    """Number of independent origins among the citing sources."""
    variants: tuple[str, ...] = ()
    """For disputed facts: the differing values (e.g. '100', '200'), one per version."""
    note: str = ""
    """Optional explanation (e.g. why the sources are said to differ)."""

    @property
    def source_ids(self) -> tuple[str, ...]:
        """Distinct sources cited, in citation order."""
        return tuple(dict.fromkeys(c.source_id for c in self.citations))

    @property
    def support(self) -> tuple[int, int, int]:
        """How well the fact is backed, for ranking: independent origins, reports whose matched
        statement states it, and reports cited at all (added evidence included)."""
        return self.origins, len({c.source_id for c in self.citations if not c.added}), len(self.source_ids)


@dataclass(frozen=True, slots=True)
class Origin:
    """A group of sources that share one original report (copies, translations, rewrites)."""

    id: str
    source_ids: tuple[str, ...]
    reason: str = ""
    """Why these sources were grouped (empty for a lone source)."""


@dataclass(frozen=True, slots=True)
class EventMeta:
    """What the reader sees first about an event (from event.yml, else inferred)."""

    id: str
    title: str
    date: str | None = None
    summary: str = ""
    inferred: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceReport:
    """Per-source figures for the sources section."""

    source: Source
    origin_id: str
    sentences: int
    used: int
    removed: int
    flags: tuple[str, ...] = ()
    """Reader-facing flags, e.g. 'likely spun or machine-translated: ...'."""
    apart: bool = False
    """Set apart: it states (almost) nothing another report states (likely about another event, or
    in another language), so it was compared with no other report and counts toward no fact's support."""


@dataclass(frozen=True, slots=True)
class Brief:
    """Everything known about one event, ready to render or print as JSON."""

    event: EventMeta
    sources: tuple[SourceReport, ...]
    cleaned: tuple[CleanSource, ...]
    sentences: tuple[Sentence, ...]
    facts: tuple[Fact, ...]
    origins: tuple[Origin, ...]
    removed: tuple[Removed, ...]
    warnings: tuple[str, ...] = field(default=())
    aliases: tuple[tuple[str, ...], ...] = ()
    """Spellings of one name learned from the inputs (transliterations, misspellings)."""

    @property
    def independent(self) -> int:
        """Independent origins among the reports not set apart (``SourceReport.apart``)."""
        kept = {r.source.id for r in self.sources if not r.apart}
        return sum(1 for o in self.origins if kept & set(o.source_ids))

    @property
    def set_apart(self) -> int:
        """Reports set apart as stating (almost) nothing another report states."""
        return sum(1 for r in self.sources if r.apart)

    def clean_text(self, source_id: str) -> str:
        """The cleaned text of one source."""
        for c in self.cleaned:
            if c.source.id == source_id:
                return c.text
        raise KeyError(source_id)
