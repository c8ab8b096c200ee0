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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import dates, names
from .config import Config
from .corroborate import SPUN
from .model import Brief, Citation, Fact, Sentence
from .similarity import STOP_WORDS, PairModel, same_fact

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
_SUBJECT = re.compile(rf"(?:^|[.!?]\s+|\n){_NAME}\s+[a-z]")
_NAME_THEN_WORD = re.compile(rf"{_NAME}\s+[a-z]")
"""A name followed by a lower-case word, anywhere a match starts."""
_OPENERS = ('"', "“", "‘", "'", "(", ":", ".", "!", "?")
"""What may stand before a word that opens a sentence or a quotation."""
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")
_NEXT_WORD = re.compile(r" ([a-z][a-z-]*)\b")
"""The lower-case word right after a name, if the name is followed by one (after one space)."""
_ADJECTIVE_ENDING = re.compile(r"(?:ern|ian|ean|ese|ish|ic|an)$")
"""Endings of English adjectives made from names of places and peoples ("Eastern", "Nordic", "Italian")."""
_JOINERS = frozenset(("of", "for", "the", "de", "von", "van", "al", "bin"))
_TITLES = frozenset(
    "President Vice Prime Minister Secretary Chancellor Premier Deputy Mayor Governor Sen. Rep. Gov. "
    "Representative Ambassador General Admiral Colonel Captain Commander Judge Justice Speaker Chairman "
    "Chairwoman Director Chief King Queen Prince Princess Pope Sir Lord Lady Dr. Mr. Mrs. Ms. Prof.".split())
"""Words of office or address that open a name ("Minister Ada Obi"): shown as a variant of the name."""
_COMPOUND_ADJECTIVE = re.compile(
    r"-(?:based|wide|related|led|backed|born|made|owned|run|linked|style|like|bound|free|friendly|funded|"
    r"sponsored|controlled|affiliated|specific|centric|focused|oriented|bred|raised|listed|registered)$")
_DAY_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_CONTRACTION = re.compile(r"^[A-Z][a-z]*['’](?:ve|m|ll|re|d)$")
_PLACE_BEFORE = re.compile(r"\b(?:in|near|across|throughout|outside|inside)\s+(?:the\s+)?\Z", re.I)
_POSSESSED = re.compile(r"^(.+?)['’]s ([A-Z].*)$")
"""A name with another before it in the possessive ("Ruritania's Port Obi")."""
_MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december".split())


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
class Entity:
    """A person or organisation named by several reports or in a corroborated fact."""

    name: str
    """The most frequent spelling."""
    variants: tuple[str, ...]
    """Other spellings seen (transliterations, shorter forms), most frequent first."""
    sources: int
    """Number of reports that name it."""
    citations: tuple[Citation, ...]
    """The first sentence naming it in each report."""
    shown: tuple[str, ...] = ()
    """The other spellings as the names list shows them: without a title before a name that another
    spelling also gives ("Minister Ada Obie" as "Ada Obie") or "of …" after one ("Ada Obi of
    Ruritania"), each once, not the name itself."""


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


def _spun(brief: Brief) -> set[str]:
    """The reports flagged as likely spun or machine-translated (their wording the odd one out)."""
    return {r.source.id for r in brief.sources if any(f.startswith(SPUN) for f in r.flags)}


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
    spun = _spun(brief)
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
    found = names.names(window)
    return found[-1] if found else None


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
    spun = _spun(brief)
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


# ---------------------------------------------------------------- entities


def entities(brief: Brief, by_source: dict[str, list[Sentence]]) -> tuple[Entity, ...]:
    """Names in at least two reports or in a corroborated fact, spellings joined by the brief's aliases."""
    spelled: Counter[str] = Counter()
    first_seen: dict[str, dict[str, Sentence]] = {}
    mid_sentence: set[str] = set()
    standalone: set[str] = set()  # at least once not followed by a lower-case content word
    placed: set[str] = set()  # at least once after "in", "near"...: a place
    vocabulary = {w for s in brief.sentences for w in _LOWER_WORD.findall(s.text)}
    raw = [(sid, s, name) for sid, own in by_source.items() for s in own for found in names.names(s.text)
           if (name := _tidy(found, vocabulary)) is not None]
    # "Ruritania's Port Obi" names Port Obi when the reports also write "Ruritania" on its own.
    written = {name for _, _, name in raw}
    for k, (sid, s, name) in enumerate(raw):
        m = _POSSESSED.match(name)
        if m and m.group(1) in written:
            raw[k] = (sid, s, m.group(2))
    for sid, s, name in raw:
        spelled[name] += 1
        first_seen.setdefault(name, {}).setdefault(sid, s)
        for start, end in _occurrences(s.text, name):
            if s.text[:start].rstrip()[-1:] not in ("", *_OPENERS):
                mid_sentence.add(name)
            after = _NEXT_WORD.match(s.text, end)
            if not (after and after.group(1) not in STOP_WORDS):
                standalone.add(name)
            if _PLACE_BEFORE.search(s.text, 0, start) and s.text[end:end + 2] not in ("'s", "’s"):
                placed.add(name)
    # A lone capitalised word that only ever opens a sentence or a quotation is an ordinary word
    # ("Repairs took ...", "“Ultimately, ..."). A spelling only a report flagged as spun uses is
    # one of its swapped words ("Prime Pastor", "Frosty Conflict"), not a name.
    # A lone word with an adjective's ending that always qualifies the next word ("Eastern ports",
    # "Nordic states") is an adjective; a name stands alone somewhere ("Oman is", "in Oman.").
    spun = _spun(brief)
    adjectives = {n for n in spelled if " " not in n and n not in standalone and _ADJECTIVE_ENDING.search(n)}
    # "the North of the Ruritanian capital": a run ending in such an adjective after "of" is no name either.
    adjectives |= {n for n in spelled if n not in standalone and len(n.split()) > 2
                   and n.split()[-2] in _JOINERS and _ADJECTIVE_ENDING.search(n.split()[-1])}
    # "North Ruritanian officials": a name with an adjective's ending made from another name the
    # reports write ("North Ruritania") that always qualifies the next word is that name's adjective.
    adjectives |= {n for n in spelled if " " in n and n not in standalone and _ADJECTIVE_ENDING.search(n)
                   and any(n.startswith(m) and 0 < len(n) - len(m) <= 3 for m in standalone)}
    known = [n for n in spelled if (len(n.split()) > 1 or n in mid_sentence) and set(first_seen[n]) - spun
             and n not in adjectives]
    users = {n: set(first_seen[n]) for n in known}
    in_facts: dict[str, set[str]] = {}
    for f in brief.facts:
        for c in f.citations:
            for name in names.names(c.text):
                in_facts.setdefault(_tidy(name, vocabulary) or "", set()).add(f.id)
    canonical = _canonical(known, brief.aliases, users, in_facts, placed)
    corroborated = {_tidy(name, vocabulary) for f in brief.facts if f.status == "corroborated"
                    for c in f.citations for name in names.names(c.text)}
    groups: dict[str, list[str]] = {}
    for n in known:
        groups.setdefault(canonical[n], []).append(n)
    rank = {n: k for group in brief.aliases for k, n in enumerate(group)}
    out = []
    for spellings in groups.values():
        spellings.sort(key=lambda n: (" " not in n, n.split()[0] in _TITLES, -len(first_seen[n]),
                                      rank.get(n.split()[0], 0), -spelled[n], rank.get(n, 0), len(n), n))
        # a full name without a title ("Minister Ada Obi" is a form of "Ada Obi"), in most reports, first
        seen: dict[str, Sentence] = {}
        for n in spellings:
            for sid, s in first_seen[n].items():
                if sid not in seen or s.start < seen[sid].start:
                    seen[sid] = s
        if len(seen) < 2 and not (corroborated & set(spellings) and not _common(spellings, vocabulary)):
            continue  # a name of one report counts when a corroborated fact names it, unless it is
            # a capitalised common word ("condemns The Moscow War"): the event writes it lower-case
        order = {sid: k for k, sid in enumerate(by_source)}
        cites = tuple(Citation(s.source_id, s.index, s.text, s.start, s.end)
                      for s in sorted(seen.values(), key=lambda s: order[s.source_id]))
        name, shown = _untitled(spellings)
        out.append(Entity(name, tuple(n for n in spellings if n != name), len(seen), cites, shown))
    out.sort(key=lambda e: (-e.sources, -sum(spelled[n] for n in (e.name, *e.variants)), e.name))
    return tuple(out)


def _common(spellings: Sequence[str], vocabulary: set[str]) -> bool:
    """Whether every spelling holds a word, other than a joiner, that the reports also write in
    lower case: a phrase one source capitalised, not a name."""
    return all(any(w.lower() in vocabulary for w in n.split() if w not in _JOINERS) for n in spellings)


def _untitled(spellings: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """The name to list (the first spelling) and the other spellings to show, titles taken off.

    A spelling's words up to its last word of office ("NATO Secretary General Ada Obie") are a
    title when what follows opens with a capital and shares a word with another spelling ("Ada
    Obi", "Obie"), or when what follows is another spelling so stripped ("Secretary of Defense Ada
    Obi"); the name alone is then the spelling. One written only with its title keeps it."""
    def bare(name: str) -> str:
        words = name.split()
        cut = max((k + 1 for k, w in enumerate(words) if w in _TITLES), default=0)
        rest = words[cut:]
        if not cut or not rest or rest[0] in _JOINERS or not rest[0][:1].isupper():
            return name
        others = {w.lower()[:3] for n in spellings if n != name for w in n.split() if w not in _TITLES | _JOINERS}
        return " ".join(rest) if others & {w.lower()[:3] for w in rest} else name

    def suffix(name: str, plain: Sequence[str]) -> str:  # "Secretary of Defense Ada Obi" ends in "Ada Obi"
        words = name.split()
        for k in range(1, len(words)):
            if " ".join(words[k:]) in plain and _TITLES & set(words[:k]):
                return " ".join(words[k:])
        return name

    simple = [bare(n) for n in spellings]
    forms = list(dict.fromkeys(suffix(n, simple) for n in simple))
    qualified = {n for n in forms for m in forms if n.startswith(m + " of ")}
    name = forms[0]
    return name, tuple(n for n in forms[1:] if n not in qualified and n != name)


def _occurrences(text: str, name: str) -> list[tuple[int, int]]:
    """Where ``name`` stands in ``text`` as whole words: not inside a longer word or hyphenated
    compound, nor after an apostrophe (a plain search: one regular expression per name cost more)."""
    out, at = [], text.find(name)
    while at >= 0:
        end = at + len(name)
        before = text[at - 1] if at else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "_'’-") and not (after.isalnum() or after in "_-"):
            out.append((at, end))
        at = text.find(name, at + 1)
    return out


def _tidy(name: str, vocabulary: set[str]) -> str | None:
    """A name without leading ordinary words ('Since Ruritania'), trailing joiners ('Ruritania for'),
    a day beside it ('Obi Hall Friday') or a title's short form after it ('Ruritania Gov'); None for
    a month, a contraction ("I've") or an adjective made with a hyphen ("Ruritania-based")."""
    words = name.split()
    while words and (words[-1] in _JOINERS or (len(words) > 1 and (
            words[-1].lower() in _DAY_WORDS or words[-1] + "." in _TITLES))):  # "Alaska Gov. Ada Obi"
        words.pop()
    while words and (words[0].lower() in vocabulary or (len(words) > 1 and words[0].lower() in _DAY_WORDS)):
        words.pop(0)
    if not words or (len(words) == 1 and (words[0].lower() in _MONTH_WORDS or _CONTRACTION.match(words[0]))):
        return None
    if _COMPOUND_ADJECTIVE.search(words[-1]):
        return None  # "Ruritania-based", "Ocean-wide": an adjective made from a name
    return " ".join(words)


def _abbreviated(name: str, short_forms: set[str]) -> str:
    """A name with the longest run of capitalised words (joined by "of", "and"...) whose initials
    are a short form the reports use replaced by it: 'Head of the Union of Port Towns' -> 'Head of
    the UPT'."""
    words = name.split()
    for size in range(len(words), 1, -1):
        for start in range(len(words) - size + 1):
            run = words[start:start + size]
            initials = "".join(w[0] for w in run if w[:1].isupper())
            whole = run[0][:1].isupper() and run[-1][:1].isupper()
            if whole and all(w[:1].isupper() or w in _JOINERS for w in run) and initials in short_forms:
                return " ".join([*words[:start], initials, *words[start + size:]])
    return name


def _reordered(name: str) -> str:
    """'Mayor of the Port' as 'Port Mayor', the order the other form of a title writes."""
    m = re.fullmatch(r"(.+?) of (?:the )?(.+)", name)
    return f"{m.group(2)} {m.group(1)}" if m else name


def _stem(word: str) -> str:
    """A word without a plural ending, for comparing the words of two names ("Studies", "Study")."""
    return re.sub(r"(?:ies|y|s)$", "", word.lower())


def _canonical(found: Sequence[str], aliases: Sequence[Sequence[str]],
               users: Mapping[str, set[str]] | None = None,
               in_facts: Mapping[str, set[str]] | None = None, placed: set[str] | None = None) -> dict[str, str]:
    """Each name's group key: aliases join spellings; a full name with a title before it joins
    the full name, and so does the full name followed by "of" and more ("Ada Obi of Ruritania");
    names of several words that open with spellings of one name, and that share another word or
    are named in versions of one fact (``in_facts``: the facts whose citations name each), when
    no report writes both (``users``: the reports that write each name), are one name put two
    ways ("Obi Institute of Marine Science", "Obie Foundation of Marine Sciences"); a shorter form
    joins the group that most longer names ending in it belong to, unless it is a place of its own
    (``placed``: written after "in", "near"...): "Banda Aceh" is not "Aceh"."""
    users = users or {}
    in_facts = in_facts or {}
    parent = {n: n for n in found}
    for group in aliases:  # every spelling, also one written only inside a longer name
        parent.update((n, n) for n in group if n not in parent)

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    for group in aliases:
        for n in group[1:]:
            parent[find(n)] = find(group[0])

    def ending(short: str) -> list[str]:  # longer names that end with it: 'Ada Lovelace' for 'Lovelace'
        return [n for n in found if n != short and n.endswith(" " + short)
                and (not _JOINERS & set(n[: -len(short)].split())
                     or (n.split()[0] in _TITLES and " " in short and n[: -len(short)].split()[-1] not in _JOINERS))]
        # not 'Secretary General of the League' for 'League', nor 'Ada Obi of the Port Authority'
        # for 'Port Authority'; but 'Secretary of Ports Ada Obi' for 'Ada Obi'

    # 'Chief Engineer Ada Lovelace' is 'Ada Lovelace' with a title: a name of two words or more
    # that a longer one ends with is that longer one's core.
    for name in sorted(parent, key=len):
        if len(name.split()) >= 2:
            for longer in ending(name):
                if find(longer) != find(name):
                    parent[find(longer)] = find(name)
    # 'Mayor of Port Obi' is 'Port Obi Mayor', and 'Union of Ruritanian Ports' is 'URP' where
    # the reports write 'URP'.
    short_forms = {w for n in found for w in n.split() if w.isupper() and 2 <= len(w) <= 6}
    by_key: dict[str, str] = {}
    for name in found:
        key = _reordered(_abbreviated(name, short_forms))
        if key in by_key and find(name) != find(by_key[key]):
            parent[find(name)] = find(by_key[key])
        by_key.setdefault(key, name)
    # 'Ada Obi of Ruritania' is 'Ada Obi'.
    for name in found:
        for core in found:
            if len(core.split()) >= 2 and name.startswith(core + " of ") and find(name) != find(core):
                parent[find(name)] = find(core)
    # Names that open with two spellings of one name ("Obi Institute", "Obie Foundation").
    spelling = {n: k for k, group in enumerate(aliases) for n in group}
    for a in found:
        for b in found:
            wa, wb = a.split(), b.split()
            if (a < b and len(wa) > 1 and len(wb) > 1 and wa[0] != wb[0]
                    and spelling.get(wa[0], -1) == spelling.get(wb[0], -2)
                    and ({_stem(w) for w in wa[1:]} & {_stem(w) for w in wb[1:]} - _JOINERS
                         or in_facts.get(a, set()) & in_facts.get(b, set()))
                    and not users.get(a, set()) & users.get(b, set()) and find(a) != find(b)):
                parent[find(b)] = find(a)
    # Titled names that end in the same two-word name are one person ('Chief Engineer Ada
    # Lovelace', 'Engineer Ada Lovelace') even when the bare name is never written; where it is,
    # the rule above has joined them. 'Ada Obi of the Port Authority' is not 'Port Authority'.
    by_tail: dict[str, list[str]] = {}
    for n in found:
        words = n.split()
        if (len(words) >= 3 and not _JOINERS & set(words[-2:]) and " ".join(words[-2:]) not in parent
                and (not _JOINERS & set(words) or words[0] in _TITLES)):
            by_tail.setdefault(" ".join(words[-2:]), []).append(n)
    for names_ in by_tail.values():
        for n in names_[1:]:
            if find(n) != find(names_[0]):
                parent[find(n)] = find(names_[0])
    # 'Lovelace' joins 'Ada Lovelace' when most names ending in it are one person's; then a
    # titled surname ('Engineer Lovelace') joins that person too, when the person is written
    # with that title elsewhere ('Chief Engineer Ada Lovelace'): 'North Ruritania' does not
    # join 'South Ruritania'.
    for short in sorted(found, key=len):
        if short in (placed or ()):
            continue
        votes = Counter(find(n) for n in ending(short) if find(n) != find(short))
        if votes:
            group, count = votes.most_common(1)[0]
            if 2 * count > sum(votes.values()):
                parent[find(short)] = group
                members = [m for m in found if find(m) == group]
                for n in ending(short):
                    title = n[: -len(short)].strip()
                    if find(n) != group and any(f" {title} " in f" {m} " and m != n for m in members):
                        parent[find(n)] = group
    return {n: find(n) for n in found}
