"""The reader's structure of a brief: who said what, what happened when, who is involved.

Facts answer "what do the reports agree on"; readers also look for the words
people said, the order of events and the people, places and organisations named.
This stage derives all three from the brief's own sentences, each item with the
citations (source id, sentence index, verbatim span) that let the renderer link
it to the sentence in its report. Nothing here is listed by hand: speakers,
dates and names are read from the reports.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from . import dates, names
from .config import Config
from .model import Brief, Citation, Fact, Sentence
from .people import Entity, entities, spun_reports
from .similarity import PairModel, same_fact

log = logging.getLogger(__name__)

MIN_QUOTE_WORDS = 4
"""Shorter quoted pieces are scare quotes or titles, not quotations."""

_QUOTE = re.compile(r"“(?P<a>[^“”\n]+)”|\"(?P<b>[^\"\n]+)\"|«\s*(?P<c>[^«»\n]+?)\s*»|„(?P<d>[^„“”\n]+)[“”]"
                    r"|(?<![\w.,])[“\"](?P<e>[^“”\"\n]+)$", re.MULTILINE)
"""A quotation in its marks; or an opening mark never closed, which a quotation that runs to the end
of its paragraph leaves behind when a page drops the closing mark."""
_VERBS = r"(?:said|says|told|tells|added|adds|stated|states|urged|urges|asked|asks|insisted|warned|wrote|declared|" \
         r"noted|explained|stressed|replied|continued|argued|announced|suggested|pointed out|emphasi[sz]ed)"
_NAME = r"(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?(?P<who>[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|the|de|von|van|al|bin))*)"
_PRONOUN = r"(?P<pro>he|she|they|He|She|They)"
_PARTICIPLE = re.compile(r"(?:,\s*|\s)(?:saying|adding|explaining|noting|stressing|warning|arguing|insisting|"
                         r"declaring|writing|telling \w+)(?:\s+that)?[\s,:]*$")
"""'…, explaining that “…”': the quotation is the sentence's subject's."""
_CONTINUED = re.compile(r"^[\s,;]*(?:and|but|or)?[\s,;]*$")
"""What stands between two quotations of one speaker: '“…,” and “…”'."""
_POSSESSIVE = re.compile(rf"{_NAME}['’]s\s+(?P<office>(?:[a-z]+\s+){{0,2}}?[a-z]+)\s+{_VERBS}\b[^.!?“”\"]{{0,60}}$")
"""'Ruritania's foreign ministry said … “…”': an office of a named body."""
# '…,” he said' / '…,” Obi told reporters' / '…,” said Mayor Ada Obi'
_INVERTED = r"(?:said|says|added|adds|stated|wrote|declared|explained|continued|replied|insisted|warned|noted|stressed)"
"""Speech verbs that may stand before their speaker ('said Mayor Obi'); after 'told', 'urged' or
'asked' a name is the one spoken to."""
_AFTER = (re.compile(rf"^[\s,.;:!?—–-]*(?:{_PRONOUN}|{_NAME})\s+{_VERBS}\b"),
          re.compile(rf"^[\s,.;:!?—–-]*{_INVERTED}\s+(?:{_PRONOUN}\b|{_NAME})"))
# 'Obi said: “…”' / 'she told reporters that “…”'
_BEFORE = re.compile(rf"(?:{_PRONOUN}|{_NAME})\s+{_VERBS}\b[^.!?“”\"]{{0,60}}$")
_SPEECH_NAME = (re.compile(rf"{_NAME}\s+{_VERBS}\b"), re.compile(rf"\b{_INVERTED}\s+{_NAME}"))
# A name opening a sentence is its likely subject: 'Obi pointed out that ...'.
_SPOKEN_TO = re.compile(r"\b(?:told|tells|urged|urges|asked|asks|thanked|thanks|met|called on)\s+\Z")
"""A name right after one of these is the one spoken to, not the speaker ("asked Ada Obi to help")."""
_SUBJECT = re.compile(rf"(?:^|[.!?]\s+|\n){_NAME}\s+[a-z]")
_NAME_THEN_WORD = re.compile(rf"{_NAME}\s+[a-z]")
"""A name followed by a lower-case word, anywhere a match starts."""
@dataclass(frozen=True, slots=True)
class QuoteVersion:
    """One report's wording of a quotation."""

    text: str
    """The quoted words, verbatim, without the quotation marks."""
    speaker: str | None
    """Who said it, as the report names them (a pronoun resolved to a name), when it says."""
    citation: Citation
    """The quoted span in the report's cleaned text, and the sentence that holds it."""


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation with every report's version of it (copies, translations, paraphrases)."""

    speaker: str | None
    """The speaker most versions name."""
    versions: tuple[QuoteVersion, ...]

    @property
    def text(self) -> str:
        """The shown wording: the first version's."""
        return self.versions[0].text

    @property
    def source_ids(self) -> tuple[str, ...]:
        """Distinct reports quoting it, in order."""
        return tuple(dict.fromkeys(v.citation.source_id for v in self.versions))


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A statement dated by the words of its report, with every report that dates it so."""

    date: str
    """The resolved day, YYYY-MM-DD."""
    text: str
    """The first citing sentence, verbatim."""
    words: tuple[str, ...]
    """The date words the reports used ('Monday', 'Jan. 30'), distinct, in order."""
    citations: tuple[Citation, ...]
    """The dated sentences (one per report, in report order)."""
    cited_words: tuple[str, ...] = ()
    """The date words of each citation's report, in the order of ``citations``."""


@dataclass(frozen=True, slots=True)
class Day:
    """The entries of one day of the timeline."""

    date: str
    entries: tuple[TimelineEntry, ...]


@dataclass(frozen=True, slots=True)
class Sections:
    """The reader's structure of one brief."""

    quotes: tuple[Quote, ...] = ()
    """Most widely quoted first."""
    timeline: tuple[Day, ...] = ()
    """Oldest day first."""
    entities: tuple[Entity, ...] = ()
    """Most widely named first."""


def sections(brief: Brief, config: Config | None = None) -> Sections:
    """Quotes, timeline and people/organisations of a brief, every item cited."""
    config = config or Config()
    order = {r.source.id: n for n, r in enumerate(brief.sources)}
    by_source: dict[str, list[Sentence]] = {}
    for s in sorted(brief.sentences, key=lambda s: (order.get(s.source_id, len(order)), s.start)):
        by_source.setdefault(s.source_id, []).append(s)
    named = entities(brief, by_source)
    return Sections(
        quotes=quotes(brief, by_source, config, named),
        timeline=timeline(brief, by_source),
        entities=named,
    )


# ------------------------------------------------------------------ quotes



def quotes(brief: Brief, by_source: dict[str, list[Sentence]], config: Config,
           named: Sequence[Entity] = ()) -> tuple[Quote, ...]:
    """Quotations of at least ``MIN_QUOTE_WORDS`` words, one group per quotation across reports;
    a speaker that ``named`` lists under another spelling is named as it lists them."""
    canonical = {n.lower(): e for e in named for n in (e.name, *e.variants)}
    found: list[QuoteVersion] = []
    for sid, own in by_source.items():
        text = brief.clean_text(sid)
        last_speaker: str | None = None
        last_end = -1
        seen: set[str] = set()
        for m in _QUOTE.finditer(text):
            inner = next(g for g in m.groups() if g is not None)
            start = m.start() + m.group(0).index(inner)
            words = " ".join(re.findall(r"\w+", inner.lower()))
            if len(inner.split()) < MIN_QUOTE_WORDS or words in seen:
                continue
            seen.add(words)
            sentence = next((s for s in own if s.start <= start < s.end), None)
            if sentence is None:
                continue
            speaker = _speaker(text, m.start(), m.end(), last_speaker)
            if speaker is None and last_end >= 0 and _CONTINUED.match(text[last_end:m.start()]):
                speaker = last_speaker
            if speaker is None and _PARTICIPLE.search(text[sentence.start:m.start()]):
                speaker = _subject(text[sentence.start:m.start()]) or last_speaker
            last_speaker = speaker or last_speaker
            last_end = m.end()
            found.append(QuoteVersion(inner, speaker,
                                      Citation(sid, sentence.index, inner, start, start + len(inner))))
    groups = _group_quotes(brief, found, config)
    # A report flagged as spun puts swapped words inside quotation marks: words nobody said. Its
    # versions are listed under a clean version of the quotation, never on their own.
    spun = spun_reports(brief)
    out = []
    for members in groups:
        versions = tuple(sorted((found[k] for k in members), key=lambda v: v.citation.source_id in spun))
        if versions[0].citation.source_id in spun:
            continue
        said = Counter(canonical[v.speaker.lower()].name if v.speaker.lower() in canonical else v.speaker
                       for v in versions if v.speaker)
        reach = {e.name: e.sources for e in named}
        best = max(said, key=lambda n: (said[n], reach.get(n, 0), len(n))) if said else None
        out.append(Quote(best, versions))
    out.sort(key=lambda q: -len(q.source_ids))
    return tuple(out)


def _speaker(text: str, start: int, end: int, last: str | None) -> str | None:
    """Who the report says spoke the quotation at text[start:end], pronouns resolved to a name."""
    tail = text[end:end + 80].split("\n", 1)[0]
    head = text[max(0, start - 120):start].rsplit("\n", 1)[-1]
    m = _AFTER[0].match(tail) or _AFTER[1].match(tail) or _BEFORE.search(head)
    if m is None:
        office = _POSSESSIVE.search(head)
        name = _clean_name(office.group("who")) if office else None
        return f"{name}’s {office.group('office')}" if office and name else None
    if m.group("pro"):
        return last or _antecedent(text[:start])
    return _clean_name(m.group("who"))


def _subject(head: str) -> str | None:
    """The name that opens a sentence (its likely subject), if one does."""
    m = _SUBJECT.match(head) or _NAME_THEN_WORD.match(head)
    return _clean_name(m.group("who")) if m else None


def _antecedent(before: str) -> str | None:
    """The name a pronoun most likely stands for: the nearest one next to a speech verb, else the nearest."""
    window = before[-1500:]
    speaking = sorted((m.end(), _clean_name(m.group("who"))) for p in _SPEECH_NAME for m in p.finditer(window))
    named = [n for _, n in speaking if n]
    if named:
        return named[-1]
    subjects = [_clean_name(m.group("who")) for m in _SUBJECT.finditer(window)]
    named = [n for n in subjects if n]
    if named:
        return named[-1]
    for name in reversed(names.names(window)):  # the nearest name, unless it is the one spoken to
        at = window.rfind(name)
        if not _SPOKEN_TO.search(window, 0, at):
            return name
    return None


def _clean_name(raw: str) -> str | None:
    """A name phrase without leading function words or trailing dots; None when nothing is left."""
    found = names.names(raw.rstrip(".,"))
    return found[0] if found else None


def _group_quotes(brief: Brief, found: Sequence[QuoteVersion], config: Config) -> list[list[int]]:
    """Indexes of ``found`` grouped: one fact cites both sentences, same words, or the same statement."""
    parent = list(range(len(found)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    sources = [{v.citation.source_id} for v in found]

    def join(a: int, b: int) -> None:
        """Join two groups unless a report would then give two versions of one quotation."""
        ra, rb = find(a), find(b)
        if ra != rb and not sources[ra] & sources[rb]:
            parent[ra] = rb
            sources[rb] |= sources[ra]

    spans: dict[str, list[tuple[int, int, bool, str]]] = {}
    for f in brief.facts:
        for c in f.citations:
            spans.setdefault(c.source_id, []).append((c.start, c.end, c.added, f.id))
    first: dict[str, int] = {}
    for k, v in enumerate(found):
        # The fact that cites the quotation joins it with the other reports' versions: the cited
        # span that is most of the quotation, or that the quotation is most of (a matched citation
        # before an added one). One fact only, so that a quotation of two sentences does not join
        # two quotations that each of its sentences matches.
        q0, q1 = v.citation.start, v.citation.end
        overlaps = [((min(b, q1) - max(a, q0)) / max(b - a, q1 - q0), not added, fid)
                    for a, b, added, fid in spans.get(v.citation.source_id, ())
                    if 2 * (min(b, q1) - max(a, q0)) >= min(b - a, q1 - q0)]
        keys = [f"fact:{max(overlaps)[2]}"] if overlaps else []
        keys.append("words:" + " ".join(re.findall(r"\w+", v.text.lower())))
        for key in keys:
            if key in first:
                join(k, first[key])
            else:
                first[key] = k
    if len(found) >= 2:
        source_of = {sid: n for n, sid in enumerate(dict.fromkeys(v.citation.source_id for v in found))}
        model = PairModel.fit([v.text for v in found])
        pairs = model.candidate_pairs([source_of[v.citation.source_id] for v in found])
        for (a, b), score in zip(pairs, model.score_pairs(pairs), strict=True):
            if same_fact(float(score), config):
                join(a, b)
    groups: dict[int, list[int]] = {}
    for k in range(len(found)):
        groups.setdefault(find(k), []).append(k)
    return sorted(groups.values(), key=lambda g: g[0])


# ---------------------------------------------------------------- timeline


def timeline(brief: Brief, by_source: dict[str, list[Sentence]]) -> tuple[Day, ...]:
    """Every sentence with a resolvable date, by day; sentences of one fact on one day are one entry."""
    published = {r.source.id: _day(r.source.meta.published) for r in brief.sources}
    cited: dict[tuple[str, int], list[tuple[Citation, Fact]]] = {}
    for f in brief.facts:
        for c in f.citations:
            cited.setdefault((c.source_id, c.sentence_index), []).append((c, f))

    def fact_of(s: Sentence, mention: dates.DateMention) -> str:
        # The fact whose cited part of the sentence holds the date; else the sentence's best-supported fact.
        where = s.start + mention.start
        found = cited.get((s.source_id, s.index), [])
        best = max(found, key=lambda cf: (cf[0].start <= where < cf[0].end, cf[1].origins, not cf[0].added),
                   default=None)
        return best[1].id if best else s.key
    spun = spun_reports(brief)
    entries: dict[tuple[str, str], list[tuple[Sentence, str]]] = {}
    for sid, own in by_source.items():
        ref = published.get(sid) or _day(brief.event.date)
        for s in own:
            found = dates.mentions(s.text, ref)
            seen: set[str] = set()
            for mention in found:
                # "in April last year" is one date, April of last year: a date that another one in
                # the sentence falls within is not an entry of its own, and its words go with it.
                if mention.date in seen or any(o.date.startswith(mention.date + "-") for o in found):
                    continue
                seen.add(mention.date)
                wider = [o.words for o in found if mention.date.startswith(o.date + "-")]
                key = fact_of(s, mention)
                entries.setdefault((mention.date, key), []).append((s, ", ".join([mention.words, *wider])))
    # One fact dated "last year" by one report and "in November" by another sits at November.
    for day, key in sorted(entries, key=lambda dk: len(dk[0])):
        narrower = sorted(d for d, k in entries if k == key and d.startswith(day + "-"))
        if narrower:
            entries[(narrower[0], key)] += entries.pop((day, key))
    days: dict[str, list[TimelineEntry]] = {}
    for (day, _), members in entries.items():
        per_source: dict[str, tuple[Sentence, str]] = {}
        for s, words in members:
            per_source.setdefault(s.source_id, (s, words))
        cites = tuple(Citation(s.source_id, s.index, s.text, s.start, s.end) for s, _ in per_source.values())
        said = tuple(dict.fromkeys(w for _, w in members))
        shown = next((m for m, _ in members if m.source_id not in spun), members[0][0])  # clean wording first
        days.setdefault(day, []).append(TimelineEntry(day, shown.text, said, cites,
                                                      tuple(w for _, w in per_source.values())))
    return tuple(Day(day, tuple(sorted(days[day], key=lambda e: -len(e.citations)))) for day in sorted(days))


def _day(value: str | None) -> str | None:
    """A YYYY-MM-DD date, or None for anything else (a stated date may be malformed)."""
    try:
        return datetime.date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None
