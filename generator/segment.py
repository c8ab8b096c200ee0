"""Split cleaned text into sentences, each with its exact span in the text.

pysbd does the splitting (it keeps "Mr.", "U.S.", "Jan. 30" and quotations
whole). Two repairs follow, because sources are messy: a piece that starts in
lower case continues the previous sentence (a source's own stray full stop,
"... assistance. provided by ..."), and a piece too short to state anything is
joined to its neighbour, so no fragment ever stands as a fact.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from .clean import word_count
from .config import Config
from .model import CleanSource, Sentence

log = logging.getLogger(__name__)

_LANG = {"en", "de", "fr", "es", "it", "nl", "ru", "ja", "zh", "ar", "el", "hi", "pl", "da", "fa", "am", "bg",
         "hy", "kk", "mr", "my", "sk", "ur"}
_CLOSERS = re.compile(r"^[\"”’'»)\]]+$")


@lru_cache(maxsize=16)
def _segmenter(language: str) -> object:
    import pysbd

    return pysbd.Segmenter(language=language if language in _LANG else "en", clean=False)


_CHUNK_CHARS = 4000
"""Longest text given to pysbd at once: its time grows with the square of a paragraph's length where
abbreviations crowd it (64 KB of "Mr. " took 44 s), so a longer paragraph is cut first (``_chunks``)."""
_SAFE_END = re.compile(r"((?:\b[a-z]{3,}|\b[A-Z][a-z]{4,}|[0-9])[.!?][\"”’)]?)\s+(?=[\"“‘(]?[A-Z0-9])"
                       r"|([。！？][」』”）]?)")
"""A sentence end no abbreviation makes: a lower-case word of three letters or more, a capitalised one of
five or more, or a digit, then the stop, maybe a closing quote, and a capital or digit after the space
("…the vote. The mayor", not "Mr. Obi", "Prof. Ada" or "U.S. Army"); or a full-width stop (。！？)."""


def _chunks(paragraph: str) -> list[str]:
    """A long paragraph cut into consecutive pieces of at most ``_CHUNK_CHARS``, each at the last safe
    sentence end it holds (else at its last space)."""
    out: list[str] = []
    start = 0
    while len(paragraph) - start > _CHUNK_CHARS:
        window = paragraph[start : start + _CHUNK_CHARS]
        cut = max((m.end(1) if m.group(1) else m.end(2) for m in _SAFE_END.finditer(window)), default=0)
        if cut < _CHUNK_CHARS // 4:
            cut = window.rfind(" ") + 1 or _CHUNK_CHARS
        out.append(paragraph[start : start + cut])
        start += cut
    return [*out, paragraph[start:]]


_QUOTES_AND_ITEMS = "…\"“”«»‘’')（）「」•\n\r"
"""Characters that pysbd may read as a quotation's or a bracket's end, or as a list item's start."""


@lru_cache(maxsize=16)
def _may_split(language: str) -> re.Pattern[str]:
    """The characters at which pysbd may end a sentence in ``language`` (its own punctuation, "।" or
    "؟" as well as "." and "?"), quotations, brackets and list items."""
    punctuation = "".join(_segmenter(language).language_module.Punctuations)  # type: ignore[attr-defined]
    return re.compile(f"[{re.escape(punctuation + '.!?。．！？' + _QUOTES_AND_ITEMS)}]")


def _pieces(paragraph: str, language: str) -> list[str]:
    if len(paragraph) > _CHUNK_CHARS:
        return [piece for chunk in _chunks(paragraph) for piece in _pieces(chunk, language)]
    body = paragraph.rstrip()
    may_split = _may_split(language)
    if not may_split.search(body, 0, len(body) - 1) and (body[-1:] in ".!?" or not may_split.match(body[-1:])):
        return [paragraph] if body.strip() else []  # no sentence end but the last character: one sentence
    seg = _segmenter(language)
    try:
        # The processor's sentences, without pysbd's own span search (a regular expression compiled
        # per sentence, 40% of its time): `_spans` locates them in the text, in order.
        return [p for p in seg.processor(paragraph).process() if p.strip()]  # type: ignore[attr-defined]
    except Exception:  # pysbd has failed on odd inputs; fall back to a plain rule
        log.debug("pysbd failed; falling back to a regular expression", exc_info=True)
        return [p for p in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", paragraph) if p.strip()]


def _spans(paragraph: str, offset: int, language: str) -> list[tuple[int, int]]:
    """Character spans of pysbd's pieces within the paragraph, located in order."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _pieces(paragraph, language):
        piece = piece.strip()
        at = paragraph.find(piece, cursor)
        if at < 0:  # pysbd altered the text; take the rest of the paragraph as one piece
            rest = paragraph[cursor:].strip()
            if rest:
                at = paragraph.find(rest, cursor)
                spans.append((offset + at, offset + at + len(rest)))
            cursor = len(paragraph)
            break
        gap = paragraph[cursor:at]
        if gap.strip() and spans:  # text pysbd skipped joins the previous piece (or the next one)
            spans[-1] = (spans[-1][0], offset + at + len(piece))
        else:
            first = cursor + len(gap) - len(gap.lstrip())
            spans.append((offset + first, offset + at + len(piece)))
        cursor = at + len(piece)
    tail = paragraph[cursor:].strip()
    if tail:
        at = paragraph.find(tail, cursor)
        spans.append((offset + at, offset + at + len(tail)))
    return spans


def _continues(piece: str) -> bool:
    """A piece that cannot open a sentence: lower-case start, a comma, semicolon or colon first (a
    table row's next cell after "Jr."), or only closing quotes."""
    if piece.lstrip()[:1] in (",", ";", ":"):
        return True
    first = piece.lstrip("\"“'‘([ ")[:1]
    return bool(_CLOSERS.match(piece.strip())) or (first.isalpha() and first.islower())


def _merge(text: str, spans: list[tuple[int, int]], min_words: int) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        piece = text[start:end]
        if merged and (_continues(piece) or word_count(text[merged[-1][0]:merged[-1][1]]) < min_words):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    if len(merged) >= 2 and word_count(text[merged[-1][0]:merged[-1][1]]) < min_words:
        last = merged.pop()
        merged[-1] = (merged[-1][0], last[1])
    return merged


def split(clean: CleanSource, config: Config) -> tuple[Sentence, ...]:
    """The sentences of one cleaned source, in order, with spans into ``clean.text``."""
    text = clean.text
    language = clean.source.meta.language
    out: list[Sentence] = []
    offset = 0
    for p_index, paragraph in enumerate(text.split("\n\n")):
        spans = _merge(text, _spans(paragraph, offset, language), config.min_sentence_words)
        for start, end in spans:
            out.append(Sentence(clean.source.id, len(out), text[start:end], start, end, p_index))
        offset += len(paragraph) + 2
    return tuple(out)
