"""The names list: people, places and organisations the reports name, each with its spellings.

A name is a run of capitalised words the reports write (not a word that only opens sentences, an
adjective made from a name, a day or a title beside it); the forms of one name (titles, "of …",
short forms, learned spellings, translations named in versions of one fact) are one entry, listed
by the form most reports write, with the first sentence naming it in each report as its citations.
Nothing is listed by hand: every name and spelling is read from the reports.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import names
from .corroborate import SPUN
from .model import Brief, Citation, Sentence
from .similarity import STOP_WORDS

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


def spun_reports(brief: Brief) -> set[str]:
    """The reports flagged as likely spun or machine-translated (their wording the odd one out)."""
    return {r.source.id for r in brief.sources if any(f.startswith(SPUN) for f in r.flags)}


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
            if _PLACE_BEFORE.search(s.text, max(0, start - 24), start) and s.text[end:end + 2] not in ("'s", "’s"):
                placed.add(name)
    # A lone capitalised word that only ever opens a sentence or a quotation is an ordinary word
    # ("Repairs took ...", "“Ultimately, ..."). A spelling only a report flagged as spun uses is
    # one of its swapped words ("Prime Pastor", "Frosty Conflict"), not a name.
    # A lone word with an adjective's ending that always qualifies the next word ("Eastern ports",
    # "Nordic states") is an adjective; a name stands alone somewhere ("Oman is", "in Oman.").
    spun = spun_reports(brief)
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
    _credit_spun_spellings(known, first_seen, spun, brief.aliases)
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
            # a capitalised common word ("condemns The Ruritania War"): the event writes it lower-case
        order = {sid: k for k, sid in enumerate(by_source)}
        cites = tuple(Citation(s.source_id, s.index, s.text, s.start, s.end)
                      for s in sorted(seen.values(), key=lambda s: order[s.source_id]))
        name, shown = _untitled(spellings)
        out.append(Entity(name, tuple(n for n in spellings if n != name), len(seen), cites, shown))
    out.sort(key=lambda e: (-e.sources, -sum(spelled[n] for n in (e.name, *e.variants)), e.name))
    return tuple(out)


def _credit_spun_spellings(known: Sequence[str], first_seen: dict[str, dict[str, Sentence]], spun: set[str],
                           aliases: Sequence[Sequence[str]]) -> None:
    """Give a spun report its citation under a known name it writes in a spelling of its own.

    A spelling only spun reports write is no name of its own, but it can hold one: "US Protection
    Secretary Ada Obi" holds "Ada Obi", "Lee Jong-Sup" is "Lee Jong-sup" in other capitals, and a
    learned spelling of a name ("Yun Suk-yol", ``brief.aliases``) is that name. The spun report's
    first sentence with it then names the known one too (``first_seen``, updated in place)."""
    known_set = set(known)
    alias_of = {n: group for group in aliases for n in group}
    bare = {m: _after_titles(m) for m in known}
    lower: dict[str, list[str]] = {}
    for m in known:
        for form in (m, bare[m]):
            lower.setdefault(form.lower(), []).append(m)
    for n, where in list(first_seen.items()):
        if n in known_set or not set(where) <= spun:
            continue
        plain = _after_titles(n)
        spellings = {*alias_of.get(n, ()), *alias_of.get(plain, ())}
        targets = [m for m in known if m in spellings or bare[m] in spellings]
        targets += lower.get(n.lower(), []) + lower.get(plain.lower(), [])
        targets += [m for m in known if " " in bare[m] and m != n and _occurrences(n, bare[m])]
        for m in dict.fromkeys(targets):
            for sid, sentence in where.items():
                mine = first_seen[m].get(sid)
                if mine is None or sentence.start < mine.start:
                    first_seen[m][sid] = sentence


def _after_titles(name: str) -> str:
    """The name after its last word of office ("US Defense Secretary Ada Obi": "Ada Obi"), when a
    capitalised word follows it; else the name as it is."""
    words = name.split()
    cut = max((k + 1 for k, w in enumerate(words) if w in _TITLES), default=0)
    rest = words[cut:]
    return " ".join(rest) if cut and rest and rest[0][:1].isupper() and rest[0] not in _JOINERS else name


def _common(spellings: Sequence[str], vocabulary: set[str]) -> bool:
    """Whether every spelling holds a word, other than a joiner, that the reports also write in
    lower case: a phrase one source capitalised, not a name."""
    return all(any(w.lower() in vocabulary for w in n.split() if w not in _JOINERS) for n in spellings)


def _untitled(spellings: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """The name to list (the first spelling) and the other spellings to show, titles taken off.

    A spelling's words up to its last word of office ("Port Board Secretary General Ada Obie") are a
    title when what follows opens with a capital and shares a word with another spelling ("Ada
    Obi", "Obie"), or when what follows is another spelling so stripped ("Secretary of Defense Ada
    Obi"); the name alone is then the spelling. One written only with its title keeps it."""
    def bare(name: str) -> str:
        rest = _after_titles(name)
        if rest == name:
            return name
        others = {w.lower()[:3] for n in spellings if n != name for w in n.split() if w not in _TITLES | _JOINERS}
        return rest if others & {w.lower()[:3] for w in rest.split()} else name

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
            words[-1].lower() in _DAY_WORDS or words[-1] + "." in _TITLES))):  # "Ruritania Gov. Ada Obi"
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
    (``placed``: written after "in", "near"...): "Port Obi" is not "Obi"."""
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
