"""Render briefs as Markdown pages for MkDocs.

This stage turns a typed ``Brief`` into the Markdown that MkDocs builds into
the site: one page per event (the brief), one page per source (its cleaned
text, every sentence addressable by ``#s<N>``) and the home page.

Source text is untrusted. Every value a template prints goes through
``md_text``, which turns each character that means something to HTML or to
Markdown into a numeric character reference, so a report can never inject
markup, links or template syntax. Only values built here (links to our own
pages, checked http(s) addresses) are marked safe.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup

from generator import history as changelog
from generator.config import Config
from generator.model import Brief, Citation, Fact, Origin, Sentence, SourceReport
from generator.sections import Sections, TimelineEntry, sections

log = logging.getLogger(__name__)

TEMPLATES_DIR = Path(__file__).parent / "templates"

_CONTROL = changelog.CONTROL
_OPENING_QUOTES = "\"“‘«„'"
_SPACES = re.compile(r"\s+")
# Everything HTML or (Python-)Markdown could read as syntax anywhere in a line.
_ESCAPED = {c: f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]()!#|~^$"}
_ESCAPE_TABLE = str.maketrans(_ESCAPED)
# Block syntax that only matters at the start of a line: list markers, setext rules.
_LINE_START = re.compile(r"^(\d+)?([-+=.])")
_SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*\Z")
_LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*\Z")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def md_text(value: object) -> Markup:
    """Escape untrusted text so it reads literally in Markdown, in HTML and in attributes."""
    text = _SPACES.sub(" ", _CONTROL.sub("\ufffd", str(value))).strip()
    text = text.translate(_ESCAPE_TABLE)
    return Markup(_LINE_START.sub(_escape_marker, text, count=1))


def _escape_marker(m: re.Match[str]) -> str:
    digits, mark = m.group(1) or "", m.group(2)
    if digits and mark != ".":
        return m.group()
    return f"{digits}&#{ord(mark)};"


def _finalize(value: object) -> object:
    """Jinja finalize hook: every printed value is escaped unless built here as Markup."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    return md_text(value)


def _environment() -> jinja2.Environment:
    """The one Jinja2 environment for every generated page."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


_ENV = _environment()


@dataclass(frozen=True, slots=True)
class EventSummary:
    """One line of the home page."""

    id: str
    """Event id: the folder name of its brief under the docs folder."""
    title: str
    date: str | None
    """Event date as YYYY-MM-DD, when known."""
    reports: int
    """Number of reports read."""
    independent: int
    """Number of independent origins among them."""
    facts: int
    """Number of facts in the brief (all statuses)."""
    updated: str | None = None
    """When the brief was last rebuilt (YYYY-MM-DD), when the caller knows."""
    corroborated: int | None = None
    """Number of corroborated facts, when the caller knows."""

    @classmethod
    def from_brief(cls, brief: Brief, updated: str | None = None) -> EventSummary:
        """The summary of one brief."""
        return cls(
            id=brief.event.id,
            title=brief.event.title,
            date=brief.event.date,
            reports=len(brief.sources) - brief.set_apart,
            independent=brief.independent,
            facts=len(brief.facts),
            updated=updated,
            corroborated=sum(1 for f in brief.facts if f.status == "corroborated"),
        )


# --- view models: what the templates lay out -------------------------------------------


@dataclass(frozen=True, slots=True)
class EventRow:
    """One event on the home page."""

    href: Markup
    title: str
    date: str | None
    date_label: str | None
    counts: str
    updated: str | None


@dataclass(frozen=True, slots=True)
class Chip:
    """A citation marker: links to the cited sentence and previews it."""

    label: str
    href: Markup
    pop_id: str
    quote: str
    source_name: str
    date: str | None
    cut_before: bool = False
    """The quoted span starts inside its sentence (a clause of it)."""
    cut_after: bool = False
    """The sentence goes on after the quoted span."""
    quoted: bool = False
    """The span opens with a quotation mark of its own (the preview then adds none)."""


@dataclass(frozen=True, slots=True)
class VariantView:
    """One version of a disputed fact."""

    text: str
    support: str
    chips: tuple[Chip, ...]


@dataclass(frozen=True, slots=True)
class FactView:
    """A fact as shown: text, support at a glance, citation markers."""

    anchor: str
    text: str
    status: str
    support: str
    origins: int
    chips: tuple[Chip, ...]
    variants: tuple[VariantView, ...] = ()
    note: str = ""
    also: tuple[Chip, ...] = ()
    """Citations of added evidence: statements that state the fact among other things."""
    cut: bool = False
    """The shown wording is a clause: its sentence goes on in the report."""


@dataclass(frozen=True, slots=True)
class Field:
    """One metadata field of a source."""

    label: str
    value: str | None
    inferred: bool = False
    href: Markup | None = None


@dataclass(frozen=True, slots=True)
class RemovedView:
    """A piece of a report that cleaning removed."""

    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class SourceView:
    """A report in the sources section and on its own page."""

    number: int
    id: str
    anchor: str
    title: str
    title_inferred: bool
    name: str
    published: str | None
    language: str
    fields: tuple[Field, ...]
    origin: str
    page_href: Markup
    sentences: int
    used: int
    removed: int
    flags: tuple[str, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class QuoteView:
    """A quotation: who said it, and each report's wording with its citation."""

    anchor: str
    speaker: str | None
    text: str
    support: str
    chips: tuple[Chip, ...]
    others: tuple[tuple[str, tuple[Chip, ...]], ...]
    """Other wordings (translations, paraphrases) of the same quotation, each with its chips."""


@dataclass(frozen=True, slots=True)
class EntryView:
    """One dated statement on the timeline."""

    anchor: str
    text: str
    words: str
    chips: tuple[Chip, ...]


@dataclass(frozen=True, slots=True)
class DayView:
    """One day of the timeline."""

    date: str
    label: str
    entries: tuple[EntryView, ...]


@dataclass(frozen=True, slots=True)
class EntityView:
    """A person or organisation, its other spellings and the reports naming it."""

    anchor: str
    name: str
    variants: str
    support: str
    chips: tuple[Chip, ...]


@dataclass(frozen=True, slots=True)
class ChangeView:
    """One line of the recent changes."""

    date: str
    summary: str

    @property
    def label(self) -> str:
        """The day as the rest of the site writes one ("30 January 2023")."""
        return _date_label(self.date) or self.date


SHOWN = 12
"""Items of a long list shown before the rest is folded away."""
SHOWN_PER_DAY = 5
"""Timeline entries of one day shown before the rest is folded away."""
RECENT_CHANGES = 5
"""Changelog records shown on the brief."""


# --- public API ---------------------------------------------------------------------------


def render_event(brief: Brief, docs_dir: Path, config: Config | None = None,
                 history: changelog.EventHistory | None = None) -> list[Path]:
    """Write an event's brief page and one page per source under ``docs_dir/<event id>/``.

    With the event's ``history``, the brief says when it was last updated and lists the
    recent changes, and the changelog page (``changes.md``) is written next to it.
    """
    config = config or Config()
    event_dir = Path(docs_dir) / _check_id(brief.event.id, "event id")
    index = _Index.of(brief)

    written = [event_dir / "index.md"]
    _write(written[0], _previews_apart(_render_brief(brief, index, config, history), index))
    if history is not None:
        changes = event_dir / changelog.CHANGES_PAGE
        _write(changes, changelog.changes_markdown(history))
        written.append(changes)
    for view in index.sources.values():
        path = event_dir / "sources" / f"{view.id}.md"
        _write(path, _render_source(brief, view, index.ranges.get(view.id)))
        written.append(path)
    for stale in set((event_dir / "sources").glob("*.md")) - set(written):
        stale.unlink()
    log.debug("rendered %s: %d pages", brief.event.id, len(written))
    return written


HOME_EVENTS = 30
"""Events listed on the home page itself; with more, each month also gets a page of its own
(``months/<YYYY-MM>.md``), linked from the home page, so no page grows with the whole site."""


@dataclass(frozen=True, slots=True)
class MonthLink:
    """A month on the home page, linking to the page that lists all its events."""

    label: str
    href: Markup
    count: str


def render_home(events: Sequence[EventSummary], docs_dir: Path) -> Path:
    """Write the home page: the newest ``HOME_EVENTS`` events, grouped by month, newest first; with
    more events, a page per month listing all of that month's, and the home page links every month."""
    ordered = sorted(events, key=lambda e: (e.date or "", e.id), reverse=True)

    def rows(chosen: Sequence[EventSummary], up: str = "") -> dict[str, list[EventRow]]:
        groups: dict[str, list[EventRow]] = {}
        for e in chosen:
            groups.setdefault(_month_label(e.date), []).append(EventRow(
                href=_md_link(f"{up}{_check_id(e.id, 'event id')}/index.md"),
                title=e.title,
                date=e.date,
                date_label=_date_label(e.date),
                counts=_counts(e),
                updated=_date_label(e.updated[:10]) if e.updated and e.updated[:10] != e.date else None,
            ))
        return groups

    months: list[MonthLink] = []
    if len(ordered) > HOME_EVENTS:
        by_month: dict[str, list[EventSummary]] = {}
        for e in ordered:
            by_month.setdefault(_month_key(e.date), []).append(e)
        for key, chosen in by_month.items():
            label = _month_label(chosen[0].date)
            page = _ENV.get_template("home.md.j2").render(
                front=_front_matter(f"Event briefs: {label}"), heading=f"Event briefs: {label}",
                groups=rows(chosen, "../"), months=[], home=_md_link("../index.md"))
            _write(Path(docs_dir) / "months" / f"{key}.md", page)
            months.append(MonthLink(label, _md_link(f"months/{key}.md"), _plural(len(chosen), "event")))
    path = Path(docs_dir) / "index.md"
    page = _ENV.get_template("home.md.j2").render(front=_front_matter("Event briefs"), heading="Event briefs",
                                                  groups=rows(ordered[:HOME_EVENTS]), months=months, home=None)
    _write(path, page)
    return path


def _month_key(value: str | None) -> str:
    """'2023-01-30' as '2023-01' (a month page's name); 'undated' when unknown."""
    try:
        return f"{datetime.date.fromisoformat(value or ''):%Y-%m}"
    except ValueError:
        return "undated"


# --- the brief page -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Index:
    """Lookups over one brief, built once per event."""

    sources: dict[str, SourceView]
    """Source views by source id, in the order of ``brief.sources``."""
    sentences: dict[tuple[str, int], Sentence]
    origin_of: dict[str, str]
    """Origin id of each source id."""
    ranges: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    """Per source, the runs of sentences (first, last) a citation spans (a quotation over two
    sentences), filled while the brief is rendered: its source page anchors each run."""
    chips: dict[str, Chip] = field(default_factory=dict)
    """Every citation marker made for the brief, by the id of its preview."""

    @classmethod
    def of(cls, brief: Brief) -> _Index:
        origins = {sid: o for o in brief.origins for sid in o.source_ids}
        numbers = {r.source.id: n for n, r in enumerate(brief.sources, start=1)}
        views = [_source_view(numbers, r, origins.get(r.source.id)) for r in brief.sources]
        return cls(
            sources={v.id: v for v in views},
            sentences={(s.source_id, s.index): s for s in brief.sentences},
            origin_of={sid: o.id for sid, o in origins.items()},
        )

    def support(self, citations: Iterable[Citation]) -> str:
        """'3 reports · 2 independent' for these citations."""
        ids = set(c.source_id for c in citations)
        independent = len({self.origin_of.get(s, s) for s in ids})
        return f"{_plural(len(ids), 'report')} · {independent} independent"


def _render_brief(brief: Brief, index: _Index, config: Config, history: changelog.EventHistory | None) -> str:
    unknown = {f.status for f in brief.facts} - {"corroborated", "disputed", "single-source"}
    if unknown:
        raise ValueError(f"{brief.event.id}: unknown fact status {sorted(unknown)}")

    def ranked(status: str) -> list[FactView]:
        facts = [f for f in brief.facts if f.status == status]
        if status != "single-source":
            facts.sort(key=lambda f: tuple(-n for n in f.support))
        return [_fact_view(f, index) for f in facts]

    corroborated = ranked("corroborated")
    lead_size = config.lead_size
    reader = sections(brief, config)
    updated = history.updated[:10] if history is not None and history.updated else None
    return _ENV.get_template("brief.md.j2").render(
        front=_front_matter(brief.event.title),
        title=brief.event.title,
        date=brief.event.date,
        date_label=_date_label(brief.event.date),
        summary=brief.event.summary,
        inferred=brief.event.inferred,
        support=_event_support(brief),
        warnings=brief.warnings,
        lead=corroborated[:lead_size],
        corroborated=corroborated[lead_size:],
        disputed=ranked("disputed"),
        single=ranked("single-source"),
        sources=list(index.sources.values()),
        shown=SHOWN,
        shown_per_day=SHOWN_PER_DAY,
        quotes=_quote_views(reader, index),
        timeline=_timeline_views(reader, index),
        undated=sum(1 for r in brief.sources if not r.source.meta.published) if brief.event.date else 0,
        entities=_entity_views(reader, index),
        updated=updated,
        updated_label=_date_label(updated),
        changes=[ChangeView(r.date[:10], r.summary) for r in (history.records if history else ())][:RECENT_CHANGES],
        changes_href=_md_link(changelog.CHANGES_PAGE) if history is not None else None,
    )


def _chips(citations: Iterable[Citation], prefix: str, index: _Index) -> tuple[Chip, ...]:
    """Chips for citations in report order, their previews numbered ``<prefix>-<n>``."""
    order = {sid: n for n, sid in enumerate(index.sources)}
    cites = sorted(citations, key=lambda c: (order.get(c.source_id, len(order)), c.start))
    parts = _parts(cites)
    return tuple(_chip(c, f"{prefix}-{n}", index, parts[n]) for n, c in enumerate(cites))


def _parts(cites: Sequence[Citation]) -> list[str]:
    """A letter for each citation of a report cited more than once ("1a", "1b"), else nothing."""
    count: dict[str, int] = {}
    for c in cites:
        count[c.source_id] = count.get(c.source_id, 0) + 1
    seen: dict[str, int] = {}
    out = []
    for c in cites:
        k = seen[c.source_id] = seen.get(c.source_id, 0) + 1
        out.append(_letters(k) if count[c.source_id] > 1 else "")
    return out


def _letters(k: int) -> str:
    """1 -> "a", 26 -> "z", 27 -> "aa"."""
    out = ""
    while k:
        k, r = divmod(k - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def _quote_views(reader: Sections, index: _Index) -> list[QuoteView]:
    out = []
    for n, q in enumerate(reader.quotes, start=1):
        anchor = f"q-{n}"
        shown = [v for v in q.versions if v.text == q.text]
        others: dict[str, list[Citation]] = {}
        for v in q.versions:
            if v.text != q.text:
                others.setdefault(v.text, []).append(v.citation)
        out.append(QuoteView(
            anchor=anchor,
            speaker=q.speaker,
            text=q.text,
            support=index.support(v.citation for v in q.versions),
            chips=_chips((v.citation for v in shown), anchor, index),
            others=tuple((text, _chips(cites, f"{anchor}-{k}", index))
                         for k, (text, cites) in enumerate(others.items(), start=1)),
        ))
    return out


def _date_words(entry: TimelineEntry, index: _Index) -> str:
    """The words each report dates the entry with, and which reports: '“Monday” 1, 3 · “the 30th” 2'."""
    if len(entry.cited_words) != len(entry.citations) or len(entry.citations) < 2:
        return ", ".join(entry.words)
    reports: dict[str, list[str]] = {}
    spelled: dict[str, str] = {}  # "On Monday" and "on Monday" are one wording
    for c, words in zip(entry.citations, entry.cited_words, strict=True):
        view = index.sources.get(c.source_id)
        number = str(view.number) if view else c.source_id
        key = spelled.setdefault(words.casefold(), words)
        if number not in reports.setdefault(key, []):
            reports[key].append(number)
    if len(reports) == 1:
        return next(iter(reports))
    return " · ".join(f"“{w}” {', '.join(numbers)}" for w, numbers in reports.items())  # citations: report order


def _timeline_views(reader: Sections, index: _Index) -> list[DayView]:
    return [
        DayView(
            date=day.date,
            label=_date_label(day.date) or day.date,
            entries=tuple(
                EntryView(anchor=f"t-{day.date}-{k}", text=e.text, words=_date_words(e, index),
                          chips=_chips(e.citations, f"t-{day.date}-{k}", index))
                for k, e in enumerate(day.entries, start=1)
            ),
        )
        for day in reader.timeline
    ]


def _entity_views(reader: Sections, index: _Index) -> list[EntityView]:
    return [
        EntityView(anchor=f"p-{n}", name=e.name, variants=", ".join(e.shown),
                   support=_plural(e.sources, "report"), chips=_chips(e.citations, f"p-{n}", index))
        for n, e in enumerate(reader.entities, start=1)
    ]


def _fact_view(fact: Fact, index: _Index) -> FactView:
    anchor = "f-" + _check_id(fact.id, "fact id")
    order = {sid: n for n, sid in enumerate(index.sources)}
    # in display order: matched citations, then added ones (so "1a" comes before "1b")
    cites = sorted(fact.citations, key=lambda c: (c.added, order.get(c.source_id, len(order)), c.start))
    parts = _parts(cites)
    chips = [_chip(c, f"{anchor}-{n}", index, parts[n]) for n, c in enumerate(cites)]
    variants = tuple(
        VariantView(
            text=text,
            support=index.support(c for c in cites if c.variant == v),
            chips=tuple(chip for c, chip in zip(cites, chips, strict=True) if c.variant == v),
        )
        for v, text in enumerate(fact.variants if fact.status == "disputed" else ())
    )
    return FactView(
        anchor=anchor,
        text=fact.text,
        status=fact.status,
        support=_support(cites, index),
        origins=fact.origins,
        chips=tuple(chip for c, chip in zip(cites, chips, strict=True)
                    if not 0 <= c.variant < len(variants) and not c.added),
        variants=variants,
        note=fact.note,
        also=tuple(chip for c, chip in zip(cites, chips, strict=True)
                   if not 0 <= c.variant < len(variants) and c.added),
        cut=not _ENDS_SENTENCE.search(fact.text),
    )


def _support(cites: Sequence[Citation], index: _Index) -> str:
    """'2 reports · 2 independent' for the reports whose matched sentences state the fact, then how
    many more reports are cited only for a sentence that also touches it, and how many more
    independent origins those bring: 'also cited in 3 more (1 more independent)'."""
    stated = {c.source_id for c in cites if not c.added}
    more = len({c.source_id for c in cites} - stated)
    origins = {index.origin_of.get(s, s) for s in stated}
    extra = len({index.origin_of.get(c.source_id, c.source_id) for c in cites} - origins)
    # a fact can be corroborated by an added sentence from another origin: say so, so that a
    # corroborated fact never reads as resting on one independent report
    also = f" · also cited in {more} more" + (f" ({extra}&#160;more&#160;independent)" if extra else "") if more else ""
    return Markup(str(md_text(index.support(c for c in cites if not c.added))) + also)  # numbers and our words


_ENDS_SENTENCE = re.compile(r"[.!?…][\"”’')\]]*\s*$|[\"”’]\s*$")


def _chip(c: Citation, pop_id: str, index: _Index, part: str = "") -> Chip:
    source = index.sources.get(c.source_id)
    if source is None:
        raise ValueError(f"citation of unknown source {c.source_id!r}")
    sentence = index.sentences.get((c.source_id, c.sentence_index))
    if sentence is None:
        raise ValueError(f"citation of unknown sentence {c.source_id}#{c.sentence_index}")
    last = sentence  # a quotation can run on into the next sentences: the link names the whole run
    while c.end > last.end and (after := index.sentences.get((c.source_id, last.index + 1))) is not None \
            and after.start < c.end:
        last = after
    anchor = sentence.anchor
    if last is not sentence:
        anchor = _range_anchor(sentence.index, last.index)
        index.ranges.setdefault(c.source_id, set()).add((sentence.index, last.index))
    chip = index.chips[pop_id] = Chip(
        label=f"{source.number}{part}",
        href=_md_link(f"sources/{source.id}.md", anchor),
        pop_id=pop_id,
        quote=c.text,
        source_name=source.name,
        date=source.published,
        cut_before=c.start > sentence.start,
        cut_after=any(ch.isalnum() for ch in last.text[max(0, c.end - last.start):]),
        quoted=c.text[:1] in _OPENING_QUOTES,
    )
    return chip


PREVIEWS_MARK = "brief-previews"
"""Names the comment at the end of a brief's Markdown that holds its citations' previews (read by
the site's hook, ``site.PREVIEWS_MARK``)."""
_EMPTY_POP = re.compile(r'<span class="cite-pop" id="([^"]+)" role="tooltip"></span>')
_PREVIEW = _ENV.get_template("_macros.md.j2").module.preview  # type: ignore[attr-defined]


def _previews_apart(page: str, index: _Index) -> str:
    """The brief's Markdown with its citations' previews (the quoted sentence, its report and date)
    kept apart, in a comment at its end: {preview id: HTML}, with "<" and ">" written as JSON escapes so
    that no text ends the comment. Each citation on the page holds an empty preview, which the site's
    hook fills after MkDocs has read the page: Python-Markdown and MkDocs each parse every piece of
    HTML in a page, and the previews were two fifths of a brief's Markdown and of MkDocs' time."""
    ids = _EMPTY_POP.findall(page)
    if not ids:
        return page
    payload = json.dumps({i: str(_PREVIEW(index.chips[i])) for i in ids}, ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e")
    return f"{page.rstrip()}\n\n<!-- {PREVIEWS_MARK} {payload} -->\n"


# --- sources ------------------------------------------------------------------------------


_RESTATES = re.compile(r"(\S+): (\S+) restates (\d+) of (\d+) sentences in the same order")


def _readable_reason(reason: str, numbers: Mapping[str, int]) -> str:
    """An origin's reason with report numbers for source ids: "reports 3 and 5 state 11 of 15
    sentences alike, in the same order"."""
    def one(m: re.Match[str]) -> str:
        a, b = (numbers.get(x) for x in (m.group(1), m.group(2)))
        if a is None or b is None:
            return m.group(0)
        return f"reports {a} and {b} state {m.group(3)} of {m.group(4)} sentences alike, in the same order"

    return _RESTATES.sub(one, reason)


def _source_view(numbers: dict[str, int], report: SourceReport, origin: Origin | None) -> SourceView:
    source, meta = report.source, report.source.meta
    sid = _check_id(source.id, "source id")
    fields = (
        Field("Publisher", meta.publisher, "publisher" in meta.inferred),
        Field("Published", meta.published, "published" in meta.inferred),
        Field("Language", meta.language, "language" in meta.inferred),
        Field("Address", meta.url, "url" in meta.inferred, _http_url(meta.url)),
    )
    others = sorted(numbers[s] for s in (origin.source_ids if origin else ()) if s != sid and s in numbers)
    if others:
        reason = f": {_readable_reason(origin.reason, numbers)}" if origin and origin.reason else ""
        listed = ", ".join(map(str, others))
        origin_text = f"Same original as {_plural_word(len(others), 'report')} {listed}{reason}"
    elif report.apart:
        origin_text = "Set apart: compared with no other report (see below)"
    else:
        origin_text = "Independent report"
    return SourceView(
        number=numbers[sid],
        id=sid,
        anchor=f"src-{sid}",
        title=meta.title,
        title_inferred="title" in meta.inferred,
        name=meta.publisher or meta.title,
        published=meta.published,
        language=meta.language if _LANG.match(meta.language or "") else "und",
        fields=fields,
        origin=origin_text,
        page_href=_md_link(f"sources/{sid}.md"),
        sentences=report.sentences,
        used=report.used,
        removed=report.removed,
        flags=report.flags,
        warnings=source.warnings,
    )


def _range_anchor(first: int, last: int) -> str:
    """Id of the anchor of a run of sentences on a source page ("s3-s4")."""
    return f"s{first}-s{last}"


def _render_source(brief: Brief, view: SourceView, ranges: set[tuple[int, int]] | None = None) -> str:
    own = sorted((s for s in brief.sentences if s.source_id == view.id), key=lambda s: s.start)
    cited = {c.sentence_index for f in brief.facts for c in f.citations if c.source_id == view.id}
    return _ENV.get_template("source.md.j2").render(
        front=_front_matter(view.title),
        source=view,
        event_title=brief.event.title,
        total=len(brief.sources),
        text_html=_source_html(brief.clean_text(view.id), own, cited, view.language, ranges or set()),
        removed=[RemovedView(r.reason, r.text) for r in brief.removed if r.source_id == view.id],
    )


def _source_html(text: str, sentences: Sequence[Sentence], cited: set[int], lang: str,
                 ranges: set[tuple[int, int]] | None = None) -> Markup:
    """The cleaned text as one raw HTML block: paragraphs, each sentence a targetable span; before the
    first sentence of each run in ``ranges``, an empty anchor for the run (the page's script
    highlights every sentence of it)."""
    starts: dict[int, list[int]] = {}
    for first, last in sorted(ranges or ()):
        starts.setdefault(first, []).append(last)
    for s in sentences:
        if not 0 <= s.start <= s.end <= len(text):
            raise ValueError(f"sentence {s.key} span {s.start}:{s.end} is outside the text")
    bounds = [0]
    for m in _PARAGRAPH_BREAK.finditer(text):
        bounds += [m.start(), m.end()]
    bounds.append(len(text))

    placed: set[int] = set()
    out = [f'<div class="source-text" lang="{lang}">']
    for p_start, p_end in zip(bounds[::2], bounds[1::2], strict=True):
        parts: list[str] = []
        cursor = p_start
        for s in sentences:
            start, end = max(s.start, cursor), min(s.end, p_end)
            if start >= end:
                continue
            parts.append(_inline(text[cursor:start]))
            classes = "sentence cited" if s.index in cited else "sentence"
            if s.index in placed:
                ident = f' data-continues="{s.anchor}"'
            else:
                ident = f' id="{s.anchor}"'
                placed.add(s.index)
                parts += [f'<span class="sentence-run" id="{_range_anchor(s.index, last)}" data-from="{s.index}" '
                          f'data-through="{last}"></span>' for last in starts.get(s.index, ())]
            parts.append(f'<span class="{classes}"{ident}>{md_text(text[start:end])}</span>')
            cursor = end
        parts.append(_inline(text[cursor:p_end]))
        body = "".join(parts).strip()
        if body:
            out.append(f"<p>{body}</p>")
    missing = [s for s in sentences if s.index not in placed]
    if missing:
        log.warning("%d empty sentence(s) kept as bare anchors", len(missing))
        out.append("".join(f'<span class="sentence" id="{s.anchor}"></span>' for s in missing))
    out.append("</div>")
    return Markup("\n".join(out))


def _inline(raw: str) -> str:
    """Escaped text that keeps one space where the raw text starts or ends with whitespace."""
    if not raw:
        return ""
    lead = " " if raw[0].isspace() else ""
    tail = " " if raw[-1].isspace() and raw.strip() else ""
    return lead + md_text(raw) + tail


# --- helpers ------------------------------------------------------------------------------


def _check_id(value: str, what: str) -> str:
    """An id used in a path or an HTML id must be plain."""
    if not _SAFE_ID.match(value):
        raise ValueError(f"{what} {value!r} is not safe as a file name and HTML id")
    return value


def _md_link(path: str, anchor: str = "") -> Markup:
    """A relative link to another generated Markdown page, resolved by MkDocs."""
    return Markup(quote(path) + (f"#{quote(anchor)}" if anchor else ""))


def _http_url(url: str | None) -> Markup | None:
    """The address as a link target when it is plain http(s), else None."""
    if not url or _CONTROL.search(url) or any(c.isspace() or c in "<>\"'`" for c in url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return md_text(url)


def _front_matter(title: str) -> Markup:
    """YAML front matter giving MkDocs the page title as plain text."""
    return Markup(changelog.front_matter(title))


def _date_label(value: str | None) -> str | None:
    """'2023-01-30' as '30 January 2023', '2022-11' as 'November 2022'; other values unchanged."""
    if not value:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}", value):
            return f"{datetime.date.fromisoformat(value + '-01'):%B %Y}"
        d = datetime.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{d.day} {d:%B %Y}"


def _month_label(value: str | None) -> str:
    """'2023-01-30' as 'January 2023'; 'Undated' when unknown."""
    try:
        return f"{datetime.date.fromisoformat(value or ''):%B %Y}"
    except ValueError:
        return "Undated"


def _counts(e: EventSummary) -> str:
    """'5 reports · 4 independent · 12 facts, 7 corroborated'."""
    facts = _plural(e.facts, "fact")
    if e.corroborated is not None:
        facts += f", {e.corroborated} corroborated"
    return f"{_plural(e.reports, 'report')} · {e.independent} independent · {facts}"


def _event_support(brief: Brief) -> str:
    """'5 reports, 4 independent', then how many more were set apart ('· 1 more set apart'): a report
    that states nothing the others state is no independent report of the event."""
    kept = len(brief.sources) - brief.set_apart
    if not kept and brief.sources:
        return f"{_plural(len(brief.sources), 'report')}, all set apart: no two tell one event"
    more = f" · {brief.set_apart} more set apart" if brief.set_apart else ""
    return f"{_plural(kept, 'report')}, {brief.independent} independent{more}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _plural_word(n: int, word: str) -> str:
    return word if n == 1 else f"{word}s"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
