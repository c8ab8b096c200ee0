"""Resolve the date expressions of a statement against its report's date.

Reports say "Monday", "on the 30th", "Jan. 30" or "January 30, 2023" for one
day. Resolving each against the report's own date lets the aligner see that
they agree (and the timeline place them), while the brief keeps the words the
report used.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
         r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?\b", re.I),
    re.compile(r"\b(?:on\s+)?the\s+(?P<day>\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:century|anniversary))", re.I),
    re.compile(r"\b(?:on\s+|last\s+|this\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
               re.I),
    re.compile(r"\b(?P<rel>today|yesterday|tomorrow)\b", re.I),
    # A month without a day, after a word that makes it a date ("May" alone is also a verb or a name).
    re.compile(r"\b(?P<lead>[Ll]ast|[Ii]n|[Tt]his|[Nn]ext|[Ss]ince|[Uu]ntil|[Bb]y|[Ee]arly|[Ll]ate|[Mm]id-?)\s*"
               r"(?P<mname>January|February|March|April|May|June|July|August|September|October|November|December)"
               r"(?:,?\s+(?P<year>\d{4}))?\b"),
    re.compile(r"\b(?P<yrel>last|this|next)\s+year\b|\b(?:in|since|during)\s+(?P<y>(?:19|20)\d\d)\b(?!\s*[-/])", re.I),
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in a text, resolved to a day when the report's date allows."""

    start: int
    end: int
    words: str
    """The words the report used."""
    date: str
    """YYYY-MM-DD; YYYY-MM or YYYY when the report names only a month or a year."""


def _month(name: str) -> int:
    return _MONTHS.index(name.lower()[:3]) + 1


def mentions(text: str, ref: str | None) -> list[DateMention]:
    """Date expressions of text resolved against the report date ``ref`` (YYYY-MM-DD or None)."""
    base = dt.date.fromisoformat(ref) if ref else None
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for n, pat in enumerate(_PATTERNS):
        for m in pat.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            day: dt.date | None = None
            try:
                if n <= 1:
                    year = int(m.group("year")) if m.group("year") else (base.year if base else None)
                    if year is None:
                        continue
                    day = dt.date(year, _month(m.group("month")), int(m.group("day")))
                    if not m.group("year") and base and day > base + dt.timedelta(days=180):
                        day = day.replace(year=year - 1)
                elif n >= 5:
                    pass  # a month or a year without a day: resolved below
                elif base is None:
                    continue
                elif n == 2:
                    last_month = base.replace(day=1) - dt.timedelta(days=1)
                    try:
                        day = base.replace(day=int(m.group("day")))
                    except ValueError:
                        day = last_month.replace(day=int(m.group("day")))
                    if text[m.end():m.end() + 14].lower() == " of next month":
                        nxt = (base.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
                        day = nxt.replace(day=int(m.group("day")))
                    elif day > base + dt.timedelta(days=7):
                        day = last_month.replace(day=int(m.group("day")))
                elif n == 3:
                    back = (base.weekday() - _WEEKDAYS.index(m.group("weekday").lower())) % 7
                    day = base - dt.timedelta(days=back)
                elif n == 4:
                    day = base + dt.timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[m.group("rel").lower()])
            except (ValueError, OverflowError):  # no such day, or one past the calendar's ends (year 1, 9999)
                continue
            value = day.isoformat() if day is not None else _coarse(m, n, base)
            if value is None or not 1 <= int(value[:4]) <= 9999:
                continue
            taken.append((m.start(), m.end()))
            found.append(DateMention(m.start(), m.end(), m.group(0), value))
    return sorted(found, key=lambda d: d.start)


def _coarse(m: re.Match[str], n: int, base: dt.date | None) -> str | None:
    """A month (YYYY-MM) or a year (YYYY) named without a day, resolved against the report's date."""
    if n == 5:
        month = _month(m.group("mname"))
        if m.group("year"):
            return f"{int(m.group('year')):04d}-{month:02d}"
        if base is None:
            return None
        lead = m.group("lead").lower()
        year = base.year
        if lead == "next":
            year += month <= base.month
        elif month > base.month or (month == base.month and lead == "last"):
            year -= 1
        return f"{year:04d}-{month:02d}"
    if m.group("y"):
        return m.group("y")
    if base is None:
        return None
    return str(base.year + {"last": -1, "this": 0, "next": 1}[m.group("yrel").lower()])


def normalize(text: str, ref: str | None) -> str:
    """Text with each resolvable date expression replaced by one token per day (for comparison only)."""
    out, last = [], 0
    for d in mentions(text, ref):
        out.append(text[last:d.start])
        if len(d.date) == 10:
            out.append(" on day" + d.date.replace("-", "x") + " ")
        else:  # a month also names its year, so "in November" meets "last year"
            month = " month" + d.date.replace("-", "x") if len(d.date) == 7 else ""
            out.append(f" in{month} year{d.date[:4]} ")
        last = d.end
    out.append(text[last:])
    return "".join(out)
