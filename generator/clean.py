"""Remove web boilerplate from a report, keeping every removed piece with its reason.

Pasted web pages carry menus, widgets, copyright lines, captions and site
promotion around the article. The rules here are generic: the shape of a line
(length, final punctuation, case), the vocabulary of menus and widgets, the
position in the page, and lines repeated across the event's sources. Nothing
is dropped silently: each removed piece becomes a `Removed` with a reason.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable

from .load import DATE_LABEL, WORD
from .model import CleanSource, Removed, Source

log = logging.getLogger(__name__)

_WIDGET = re.compile(
    r"\b(back to top|skip to(?: (?:the )?(?:main )?content)?|go to (?:the )?(?:main )?content|main menu|menu|"
    r"navigation|search|sign ?in|log ?in|log ?out|sign ?up|subscribe|subscription|newsletter|share|tweet|"
    r"follow us|join us|join the discussion|comments?|post a comment|leave a reply|reply|your (?:name|email)|"
    r"e-?mail address|related (?:articles|posts|stories)|read more|more stories|recommended|trending|"
    r"most (?:read|popular)|advertisement|sponsored|text size|font size|close|print|toggle|cookie|"
    r"privacy policy|terms of (?:use|service)|analytics|special coverage|top|home|previous|next|"
    r"download (?:the )?app|whatsapp|facebook|twitter|linkedin|telegram|instagram|youtube|byline|caption|"
    r"(?:back to )?gallery|(?:image|photo|picture|slide)s?\s*\d+\s*of\s*/?\s*\d+|show (?:more|less)|more|less)\b",
    re.I)
_PROMO = re.compile(
    r"\b(breaking news|latest news|latest breaking|news online|updated? (?:news|daily|quickly|24/7)|24/7|"
    r"mainstream news|hot news|video clips|stay (?:informed|updated)|follow us|subscribe|download our app|"
    r"sign up for|our newsletter|we (?:bring|deliver) you)\b",
    re.I)
_NETWORKS = (r"twitter|facebook|instagram|youtube|linkedin|tiktok|telegram|whatsapp|threads|bluesky|mastodon|"
             r"snapchat|pinterest|flipboard")
_SOCIAL = re.compile(rf"^\W*(?:follow|find|join|connect with|subscribe to|watch)\b.*\b(?:{_NETWORKS})\b", re.I)
"""An invitation to follow the site or its writer on social media ("Follow us on Twitter @site",
"Follow the Desk on Instagram, Facebook and YouTube")."""
_SOCIAL_NETWORK = re.compile(rf"\b(?:{_NETWORKS})\b", re.I)
_SOCIAL_OBJECT = re.compile(r"\b(?:us|him|her|them|our)\b|@\w", re.I)
_BARE_LINK = re.compile(r"^\s*<?(?:https?://|www\.)\S+>?\s*$", re.I)
_RELATED = re.compile(
    r"^\W*(?:related(?: (?:articles?|stories|posts|content|coverage|reading))?|see (?:more|also)|"
    r"read (?:more|also|next)|also read|more (?:on this|from|stories|news)\b[^:]{0,40}|watch(?: more)?|"
    r"don'?t miss|explore further|you (?:may|might) also (?:like|enjoy)|recommended(?: for you)?|"
    r"(?:most )?popular|trending(?: now)?|top stories)"
    r"\s*(?:[:|»›>–—-]|\.\.\.|…|$)", re.I)
"""A line that opens a list of links to other stories ("Related: …", "SEE MORE: …", "You may also like…")."""
_PROMPT = re.compile(
    r"\bclick(?:ing)? here\b|\b(?:sign up|subscribe|register)\b.{0,40}\b(?:newsletters?|alerts|inbox)\b|"
    r"\b(?:in|to) your inbox\b|\bget the [\w .’'-]{1,30} app\b", re.I)
"""A prompt to click, subscribe or install: site promotion, not a statement."""
_AFFILIATE = re.compile(r"\b(?:may|might|could) (?:earn|get|receive|collect) (?:a |an )?(?:small )?(?:affiliate )?"
                        r"(?:commission|share of the (?:sale|revenue))|\baffiliate (?:links?|commissions?)\b", re.I)
_CITE_NOTICE = re.compile(r"\bretrieved\b.{0,40}\bfrom\s+https?://", re.I)
_SHORTCODE = re.compile(r"^\s*\[(\w+)\b[^\]]*\].*\[/\1\]\s*$")
_CONTACT = re.compile(r"\b(?:reached|contact(?:ed)?|e-?mail(?:ed)?|write to)\b.{0,60}\b[\w.+-]+@[\w-]+\.[\w.]+", re.I)
_COPYRIGHT = re.compile(r"(©|ⓒ|\(c\)\s*\d{4}|^\W*copyright\b(?!\s+(?-i:[a-z]))|\bcopyright\s*(?:©|\(c\)|\d{4})|"
                        r"\ball rights reserved\b|\bdo not (?:reproduce|republish|redistribute|copy)\b)", re.I)
"""A copyright notice: the sign, "Copyright" opening the line or before a year, "all rights reserved"
(not the word in running text: "the copyright lawsuit against the council")."""
_REPRODUCTION = re.compile(r"\bwithout (?:prior )?(?:written )?permission\b", re.I)
_ABOUT_ITSELF = re.compile(r"\b(?:this|our|these)\s+(?:material|article|content|story|stories|site|website|page|"
                           r"publication|report|photos?|images?|videos?)\b|\bno part of\b|"
                           r"\b(?:may|must|can)\s*not\s+be\s+(?:[\w,]+\s+){0,4}?(?:reproduced|republished|"
                           r"redistributed|copied|rewritten|broadcast)", re.I)
"""A reproduction notice speaks of the page itself or forbids reproducing it ("No part of this article may
be reproduced without written permission"), which a report's "republished her song without permission"
does not."""


def _copyright(line: str) -> bool:
    """A copyright or reproduction notice."""
    return bool(_COPYRIGHT.search(line) or (_REPRODUCTION.search(line) and _ABOUT_ITSELF.search(line)))


_CREDIT = re.compile(r"(\b(?:afp|reuters|ap photo|associated press|epa|shutterstock|pool|photo|file photo|"
                     r"images|yonhap|xinhua)\s*\)?\s*$|^(?:photo|image|picture|caption)\s*[:|])", re.I)
_CAPTION_LABEL = re.compile(r"^\W*(?:photo|image|picture|photograph|caption|pictured)\s*:\s*\S", re.I)
"""A line that opens with a caption label ("Photo: Rescuers search the river bank. (Agency/Jane Roe)") is a
photo's caption, however much it reads like a sentence."""
_CAPTION_TOGGLE = re.compile(r"(?:[.!?”\"]\s+less|(?:\.\.\.|…)\s*more)\s*$", re.I)
"""A collapsible photo caption ends with its toggle: "… with the Asian nation. less", "… relations ... more"."""
_PLACED = re.compile(r",\s(?:left|right|center|centre|second (?:from )?(?:left|right)|from (?:left|right)),\s", re.I)
"""Where a person stands in a picture: "Jane Roe, left, and John Doe shake hands"."""
_CAPTION_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{2,60}\s[-–—]\s[A-Z]+\s\d{1,2}:")
_KEY_VALUE = re.compile(r"^\s*[\w ]{2,30}\s*:\s*[\w -]{1,40}$")
_CODE_LIKE = re.compile(r"^[\w.-]*[_/=][\w./=-]*$")
_REPORTER_TAG = re.compile(
    r"^\s*\[[^\]\n]{2,80}?\b(?:reporter|correspondent|staff writer|editor)\b[^\]\n]*\]\s*", re.I)
_AD_LABEL = re.compile(r"^\s*(?i:advertisement|sponsored content)\s*[:|\-–—]?\s+(?=[\"“‘'A-Z])")
"""The label of an advertisement slot glued to the paragraph after it ("Advertisement The police said")."""
_MEDIA_LABEL = re.compile(r"^\s*(?:VIDEOS?|PHOTOS?|GALLERY|LISTEN|AUDIO|PODCAST|LIVE(?: UPDATES)?)"
                          r"\s*[:|\-–—]\s+(?=[\"“‘'A-Z])")
"""A capitalised label of a page's video, gallery or audio player glued to the line it introduces ("VIDEO: The
mayor opens the bridge"): it names the player, not a fact. Only in capitals, as a label is written; "Watch: …"
opens a list of links (``_RELATED``)."""
_AGENCY_LEAD = re.compile(r"^\s*[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,5}\s+\([A-Z]{2,8}\)\s*[:\-–—]\s*")
_NAME = r"[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,4}"
_NAME_PLAIN = r"[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}"
_ROLE_LINE = re.compile(rf"^\s*{_NAME_PLAIN},\s+(?:[\w.&'’-]+\s+){{0,5}}(?i:writer|correspondent|reporter|editor|"
                        r"contributor|columnist|staff)s?\s*$")
"""A byline that names the writer's role: "Jane Roe, AP National Security Writer"."""
_BYLINE = re.compile(rf"^\s*(?i:by|written by|reporting by|edited by)\s+{_NAME}"
                     rf"(?:\s*(?:,|and|&|;\s*(?i:editing|additional reporting|writing) by)\s*{_NAME})*\s*$")
_MENU = re.compile(r"^[^|•·»]{1,30}(?:\s[|•·»]\s[^|•·»]{1,30}){2,}$")
_TAGS = re.compile(r"^\s*(?:tags|topics|categories|keywords|filed under)\s*:", re.I)
_TIME_WORDS = frozenset(
    "january february march april may june july august september october november december jan feb mar apr "
    "jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday mon tue tues wed "
    "thu thurs fri sat sun gmt utc est edt cst cdt mst mdt pst pdt cet cest bst ist kst jst am pm a m p "
    "updated published posted modified last on at".split())
"""Words of a page's time stamp ("Updated: Tue 4 October 2013, 18:07 (GMT+05:00)")."""
_SENTENCE_END = re.compile(r"[.!?…\"”’»)。！？」』]['\"”’»)]*\s*$")
"""A line's sentence ending, closing quotes and brackets after it included (a quotation inside a
quotation ends ``."'``)."""
_TRAILING_COMMA = re.compile(r",\s*$")
"""A pasted line ending in a comma leads on into the next one ("To which she replied," and the reply)."""
_HEADING = re.compile(r"^#{1,6} ")
_LINK_DEFINITION = re.compile(r"^\[[^\]\n]+\]:\s*\S")
"""A Markdown link reference definition, ``[id]: url "title"``: a link target, not prose."""


_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
"""Letters of scripts written without spaces between words (Thai, kana, Han)."""


def word_count(text: str) -> int:
    """Words in a text: space-separated ones, and one per two letters of scripts written without
    spaces (a Japanese or Chinese word is one to three characters long)."""
    unspaced = len(_UNSPACED.findall(text))
    return len(_UNSPACED.sub(" ", text).split()) + (unspaced + 1) // 2


def normalize_line(line: str) -> str:
    """Lower-cased words of a line, for comparing lines across sources."""
    return " ".join(re.findall(r"\w+", line.lower()))


def shared_lines(sources: Iterable[Source]) -> frozenset[str]:
    """Short lines that appear in two or more sources of an event (site chrome, not news)."""
    seen: dict[str, set[str]] = {}
    for s in sources:
        for line in s.body.split("\n"):
            key = normalize_line(line)
            if key and len(key.split()) <= 12:
                seen.setdefault(key, set()).add(s.id)
    return frozenset(k for k, ids in seen.items() if len(ids) >= 2)


def _timestamp(line: str) -> bool:
    """A line that is only a date or time: digits and the words of a time stamp, no statement."""
    words = re.findall(r"[^\W\d_]+", line.lower())
    return bool(re.search(r"\d", line)) and len(line) <= 80 and all(w in _TIME_WORDS for w in words)


def _widget_only(line: str) -> bool:
    """A line made of widget vocabulary with at most one other word ('Share on Facebook')."""
    return len(normalize_line(_WIDGET.sub(" ", line)).split()) <= 1


_SOCIAL_REASON = "boilerplate: social media links"
_SENTENCE_GAP = re.compile(r"(?<=[.!?])\s+(?=[^\W\d_])")


def _social(text: str) -> bool:
    """An invitation to follow someone on social media, not a statement."""
    return word_count(text) <= 20 and bool(_SOCIAL.match(text)) and bool(
        _SOCIAL_OBJECT.search(text)
        or (text.lstrip().lower().startswith("follow") and len(_SOCIAL_NETWORK.findall(text)) >= 2))


def _social_tail(line: str) -> tuple[str, str]:
    """Split the invitations to follow on social media that end a paragraph ("… is out now. Follow
    him on Twitter @writer. Follow us on Facebook.") off it: (removed, rest)."""
    if not _SOCIAL_NETWORK.search(line):
        return "", line  # most paragraphs name no network: nothing to split
    end = len(line)
    for m in reversed(list(_SENTENCE_GAP.finditer(line))):
        if not _social(line[m.end():end]):
            break
        end = m.start()
    return line[end:].strip(), line[:end]


def _is_prose(line: str) -> bool:
    """A line that reads like running text: several words and a sentence ending."""
    return word_count(line) >= 8 and bool(_SENTENCE_END.search(line))


def classify(line: str, *, position: str, title: str, next_line: str, common: frozenset[str],
             marked: bool = False) -> str | None:
    """The reason to remove a line, or None to keep it.

    ``position`` is 'head' (before the first prose line), 'body' or 'tail' (after the last one).
    ``marked`` says the text comes from Markdown, where headings are marked with ``#`` and any
    other short line (a list item, a one-line paragraph) is the author's prose.
    """
    if not WORD.search(line):
        return "no words"
    if marked and _LINK_DEFINITION.match(line):
        return "link definition"
    words = word_count(line)
    short = words <= 12 and not _SENTENCE_END.search(line)
    if (position == "head" or marked) and title and normalize_line(line) == normalize_line(title):
        return "headline (shown as the source title)"
    if marked and _HEADING.match(line):
        return "heading"
    widget = _WIDGET.search(line) and words <= 6 and (not marked or _widget_only(line))
    if (widget and position != "body") or _MENU.match(line):
        return "boilerplate: navigation or widget"
    if _social(line):
        return _SOCIAL_REASON
    if _BARE_LINK.match(line):
        return "boilerplate: bare link"
    if _SHORTCODE.match(line):
        return "boilerplate: page code"
    if words <= 25 and _RELATED.match(line):
        return "boilerplate: links to other stories"
    if words <= 15 and _PROMPT.search(line):
        return "boilerplate: site promotion"
    if words <= 40 and _AFFILIATE.search(line):
        return "boilerplate: affiliate disclosure"
    if words <= 60 and _CITE_NOTICE.search(line):
        return "boilerplate: citation notice"
    if words <= 25 and _CONTACT.search(line):
        return "byline: contact line"
    if words <= 40 and _copyright(line):
        return "boilerplate: copyright line"
    credit = (_CREDIT.search(line) and not _is_prose(line.rstrip(" )")[:-1] + ".")) or (
        words <= 60 and _CAPTION_LABEL.match(line))
    if _CAPTION_DATELINE.match(line) or credit or _CAPTION_TOGGLE.search(line):
        return "caption: photo caption or credit"
    if _CREDIT.search(line) and words <= 60 and re.search(r"\s[-–—/]\s*\w+(?:\s\w+)?\s*/\s*\w+", line):
        return "caption: photo caption or credit"
    if _PROMO.search(line) and len(_PROMO.findall(line)) >= 2:
        return "boilerplate: site promotion"
    if _BYLINE.match(line) or _ROLE_LINE.match(line):
        return "byline"
    if _timestamp(line):
        return "boilerplate: time stamp"
    if words <= 12 and (DATE_LABEL.match(line) or _KEY_VALUE.match(line) or _TAGS.match(line)) \
            and not _is_prose(line):
        return "boilerplate: page metadata"
    if short:
        if title and normalize_line(line) == normalize_line(title):
            return "headline (shown as the source title)"
        if _CODE_LIKE.match(line.strip()):
            return "boilerplate: page code"
        if widget:
            return "boilerplate: navigation or widget"
        if normalize_line(line) in common:
            return "boilerplate: repeated across sources"
        if marked:
            return None
        if position != "body":
            return "boilerplate: page chrome outside the article"
        if next_line and _CREDIT.search(next_line):
            return "caption: photo title"
        if not marked and _leads_on(line, next_line):
            return None  # the opening of the next line's sentence: cleaning joins the two
        return "heading"
    if position == "tail" and _PROMO.search(line):
        return "boilerplate: site promotion"
    return None


def _leads_on(line: str, next_line: str) -> bool:
    """True when pasted ``line`` is the first part of a sentence that ``next_line`` goes on with: it ends
    in a comma and the next line opens a quotation or goes on in lower case ("To which she replied," and
    the reply), or it ends in a colon before a quotation ("He said:" and the quote). A capital after the
    comma starts a new sentence or an address line ("10 Downing Street," "London,")."""
    first = next_line.lstrip()[:1]
    if not first:
        return False
    quote = first in "\"“'‘«"
    if _TRAILING_COMMA.search(line):
        return quote or first.islower()
    return quote and line.rstrip().endswith(":")


def _strip_prefix(line: str) -> tuple[str, str, str]:
    """Split a leading reporter tag, agency lead-in, advertisement or media label off a paragraph:
    (removed, reason, rest)."""
    for pattern, reason in ((_REPORTER_TAG, "byline: reporter tag"), (_AGENCY_LEAD, "byline: agency tag"),
                            (_AD_LABEL, "boilerplate: advertisement label"),
                            (_MEDIA_LABEL, "boilerplate: media label")):
        m = pattern.match(line)
        if m and len(line) - m.end() > 20:
            return m.group(0).strip(), reason, line[m.end():]
    return "", "", line


LEFT_OUT = "outside the article: left out by the HTML extractor (menus, asides, captions, links)"
"""The reason given for the text of a saved page that is not part of its extracted article."""
HIDDEN = "hidden: the page's markup hides it from readers (hidden attribute, display: none)"
"""The reason given for the text of a saved page that its readers never see."""
STRUCK = "struck out: the report marks it as deleted (a correction's withdrawn wording)"
"""The reason given for text a report strikes through."""


_ESCAPED_MARK = re.compile(r"^\\(?=#{1,6} )")


def unescaped(line: str) -> str:
    """A kept line of Markdown without the escape that keeps it from reading as a heading
    ("\\# 1 in sales" is the paragraph "# 1 in sales")."""
    return _ESCAPED_MARK.sub("", line, count=1)


def clean(source: Source, common: frozenset[str] = frozenset()) -> CleanSource:
    """Cleaned text of one report (paragraphs joined by blank lines) and what was removed."""
    lines = [ln.strip() for ln in source.body.split("\n")]
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln) for ln in lines if ln.strip()]
    prose = [i for i, ln in enumerate(lines)
             if _is_prose(ln) and not _copyright(ln) and len(_PROMO.findall(ln)) < 2]
    first, last = (prose[0], prose[-1]) if prose else (len(lines), -1)
    kept: list[str] = []
    joins = -2  # the index of the last kept line when it leads on into the next one
    removed = [Removed(source.id, piece, HIDDEN) for piece in source.hidden]
    removed += [Removed(source.id, piece, LEFT_OUT) for piece in source.left_out]
    removed += [Removed(source.id, piece, STRUCK) for piece in source.struck]
    counts = Counter(lines)
    for i, line in enumerate(lines):
        if counts[line] > 1 and _PLACED.search(line):  # a gallery shows a photo's caption again
            removed.append(Removed(source.id, line, "caption: photo caption shown again in a gallery"))
            continue
        position = "head" if i < first or (i == first and line == source.meta.title) else (
            "tail" if i > last else "body")
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        reason = classify(line, position=position, title=source.meta.title, next_line=nxt, common=common,
                          marked=source.format in ("md", "html"))
        if reason is not None:
            removed.append(Removed(source.id, line, reason))
            continue
        cut, why, rest = _strip_prefix(line)
        if cut:
            removed.append(Removed(source.id, cut, why))
        social, rest = _social_tail(rest)
        if social:
            removed.append(Removed(source.id, social, _SOCIAL_REASON))
        if source.format in ("md", "html"):
            rest = unescaped(rest)
        if kept and joins == i - 1:
            kept[-1] = f"{kept[-1]} {rest.strip()}"  # the line before led on into this one
        else:
            kept.append(rest.strip())
        joins = i if source.format == "txt" and _leads_on(rest, nxt) else -2  # Markdown and HTML mark paragraphs
    return CleanSource(source=source, text="\n\n".join(kept), removed=tuple(removed))
