"""Dates in news text: find date phrases and normalise them to a span of days.

Phrases are found by our own patterns (``dateparser.search`` misfires on news text), and the
core of each phrase ("February", "June 12", "Friday", "next month") is parsed by dateparser
against a reference day. dateparser does not know the modifiers news uses ("late February",
"last June", "the end of February", "June of last year"), so those are applied here.

"Today" is left alone: in news it mostly means "nowadays" or names a paper ("USA Today").

The reference day of an article is its publication date when known. When it is not, it is
the latest complete date (day, month and year) the article mentions outside a forward-looking
sentence, which bounds the publication date from below; failing that, the latest such date in
the other articles of the story. Dates resolved against such a bound are marked uncertain.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

MONTHS = (
    r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|"
    r"aug(?:ust|\.)?|sep(?:t(?:ember)?)?\.?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)(?![a-z])"
)
_WEEKDAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_PART = r"(?:early|mid|late|the\s+end\s+of|end\s+of|the\s+beginning\s+of|beginning\s+of)"
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19[5-9][0-9]|20[0-9][0-9])"

# One alternation, longest forms first; names keep the parts apart.
_DATE = re.compile(
    rf"""\b(?:
      (?:{_WEEKDAYS},?\s+)?
      (?:(?P<part>{_PART})[\s-]+)?
      (?:(?P<rel_month>last|next|this)\s+)?
      (?P<month>{MONTHS})
      (?:\s+(?P<day>{_DAY})\b)?
      (?:,?\s+(?:of\s+)?(?P<year>{_YEAR})\b|\s+of\s+(?P<rel_year>last|next|this)\s+year)?
    | (?P<day_first>{_DAY})\s+(?P<month2>{MONTHS})(?:,?\s+(?P<year2>{_YEAR}))?
    | (?:(?P<weekday_rel>last|next|this|on)\s+)?(?P<weekday>{_WEEKDAYS})
    | (?:(?P<part2>early|mid|late|earlier|later)[\s-]+)?(?P<rel>last|next|this)\s+
      (?P<unit>week|month|year)
    | (?P<deictic>yesterday|tomorrow)
    | (?:in|since|during|until|by)\s+(?P<bare_year>{_YEAR})\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# Words that say whether a clause looks ahead or back; the nearest one before a date phrase
# decides whether an undated "February" or "Friday" lies after or before the reference day.
_FORWARD = re.compile(
    r"(?:will|would|'ll|shall|plan|planned|planning|expected|scheduled|set|due|going|"
    r"upcoming|next|likely|could|may|might|tentative|potential|possible)",
    re.IGNORECASE,
)
# (The word boundary makes a search start only at a word: "[a-z]{3,}ed" alone would rescan a
# long run of letters from each of its positions.)
_BACKWARD = re.compile(
    r"\b(?:met|held|had|was|were|did|took|came|went|said|told|began|last|ago|since|"
    r"[a-z]{3,}ed)",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[,;:()\u2014\u2013]|\s-\s")
CONTEXT_CHARS = 400  # of the clause either side of a date phrase: 12 words fit many times
_WORD = re.compile(r"[\w']+")

DAY, PART_OF_MONTH, WEEK, MONTH, YEAR = "day", "part-of-month", "week", "month", "year"


@dataclass(frozen=True)
class Reference:
    """The day relative dates of an article are resolved against, and where it comes from."""

    day: dt.date
    basis: str  # "published", "latest date in the article", "latest date in the story"

    @property
    def certain(self) -> bool:
        return self.basis == "published"


@dataclass(frozen=True)
class DateSpan:
    """A normalised date: the first and last day it may mean, and how precise it is."""

    start: dt.date
    end: dt.date
    precision: str
    certain: bool

    @property
    def label(self) -> str:
        if self.precision == DAY:
            return f"{self.start.day} {self.start:%B %Y}"
        if self.precision == PART_OF_MONTH:
            part = {1: "early", 11: "mid", 21: "late"}[self.start.day]
            return f"{part} {self.start:%B %Y}"
        if self.precision == WEEK:
            return f"week of {self.start.day} {self.start:%B %Y}"
        if self.precision == MONTH:
            return f"{self.start:%B %Y}"
        return str(self.start.year)

    def within(self, other: DateSpan) -> bool:
        return other.start <= self.start and self.end <= other.end


@dataclass(frozen=True)
class DateMention:
    """A date phrase at ``start:end`` of a text, with its normalised span (None: unresolved)."""

    text: str
    start: int
    end: int
    span: DateSpan | None
    absolute: bool  # the phrase names its year: it needs no reference day


def find_dates(text: str, reference: Reference | None) -> list[DateMention]:
    """Every date phrase of ``text`` (one sentence), resolved against ``reference``."""
    out = []
    for match in _DATE.finditer(text):
        if _is_modal_may(match):
            continue
        groups = match.groupdict()
        absolute = bool(groups["year"] or groups["year2"] or groups["bare_year"])
        span = _resolve(groups, reference, _looks_ahead(text, match.start(), match.end()))
        if span is not None and not absolute and not (reference and reference.certain):
            span = DateSpan(span.start, span.end, span.precision, certain=False)
        out.append(DateMention(match.group(0), match.start(), match.end(), span, absolute))
    return out


def complete_dates(text: str) -> Iterator[dt.date]:
    """Dates with day, month and year in ``text`` that do not look ahead (publication bound)."""
    for mention in find_dates(text, None):
        span = mention.span
        if (
            mention.absolute
            and span is not None
            and span.precision == DAY
            and not _looks_ahead(text, mention.start, mention.end)
        ):
            yield span.start


def parse_published(value: str | None) -> dt.date | None:
    """An article's publication date from its metadata, if it parses as one."""
    if not value:
        return None
    parsed = _parser("past", None).get_date_data(value.strip()[:64])
    return parsed.date_obj.date() if parsed.date_obj and parsed.period == DAY else None


def _looks_ahead(text: str, start: int, end: int) -> bool:
    """Whether the clause of the date phrase at ``start:end`` speaks of what is to come.

    The nearest tense word before the phrase in its clause decides; without one, any forward
    word in the rest of the clause does.
    """
    # Within a window of the text either side: the work per phrase stays bounded however
    # long the sentence and however many date phrases it holds.
    before = _CLAUSE_BREAK.split(text[max(0, start - CONTEXT_CHARS) : start])[-1]
    for word in reversed(_WORD.findall(before)[-12:]):
        if _FORWARD.fullmatch(word):
            return True
        if _BACKWARD.fullmatch(word):
            return False
    after = _CLAUSE_BREAK.split(text[end : end + CONTEXT_CHARS])[0]
    return any(_FORWARD.fullmatch(word) for word in _WORD.findall(after)[:12])


def _is_modal_may(match: re.Match[str]) -> bool:
    # "may" and "march" are also words: only a day or a year makes them months.
    month = (match.group("month") or "").lower()
    return month in {"may", "march", "mar", "mar."} and not (
        match.group("day") or match.group("year") or match.group(0)[:1].isupper()
    )


def _resolve(groups: dict[str, Any], reference: Reference | None, forward: bool) -> DateSpan | None:
    base = reference.day if reference else None
    prefer = "future" if forward else "past"
    if groups["month"] or groups["month2"]:
        return _month_phrase(groups, base, prefer)
    if groups["bare_year"]:
        year = int(groups["bare_year"])
        return DateSpan(dt.date(year, 1, 1), dt.date(year, 12, 31), YEAR, True)
    if base is None:
        return None
    if groups["weekday"]:
        rel = (groups["weekday_rel"] or "").lower()
        prefer = {"last": "past", "next": "future"}.get(rel, prefer)
        return _parse(groups["weekday"], base, prefer)
    if groups["deictic"]:
        return _parse(groups["deictic"], base, prefer)
    unit = groups["unit"].lower()
    if unit == "year":
        offset = {"last": -1, "next": 1}.get(groups["rel"].lower(), 0)
        year = base.year + offset
        return DateSpan(dt.date(year, 1, 1), dt.date(year, 12, 31), YEAR, True)
    span = _parse(f"{groups['rel']} {unit}", base, prefer)
    part = (groups["part2"] or "").lower()
    if span is None or unit != "month" or not part:
        return span
    if part in {"earlier", "later"}:
        return span  # "earlier this month": the month, no finer
    return _part_of_month(part, span.start.year, span.start.month)


def _month_phrase(groups: dict[str, Any], base: dt.date | None, prefer: str) -> DateSpan | None:
    month_text = groups["month"] or groups["month2"]
    day = groups["day"] or groups["day_first"]
    year_text = groups["year"] or groups["year2"]
    month = _month_number(month_text)
    if year_text:
        year = int(year_text)
    elif base is None:
        return None
    elif groups["rel_year"]:
        year = base.year + {"last": -1, "next": 1}.get(groups["rel_year"].lower(), 0)
    else:
        rel = (groups["rel_month"] or "").lower()
        year = _year_of_month(month, base, {"last": "past", "next": "future"}.get(rel, prefer))
        if rel in {"last", "next"} and month == base.month:
            year += -1 if rel == "last" else 1
    if day:
        try:
            start = dt.date(year, month, int(re.sub(r"\D", "", day)))
        except ValueError:
            return None
        return DateSpan(start, start, DAY, True)
    part = (groups["part"] or "").lower()
    if part:
        return _part_of_month(part, year, month)
    last = calendar.monthrange(year, month)[1]
    return DateSpan(dt.date(year, month, 1), dt.date(year, month, last), MONTH, True)


def _year_of_month(month: int, base: dt.date, prefer: str) -> int:
    """The year of an undated month, by dateparser's reading of the month against ``base``."""
    parsed = _parse(calendar.month_name[month], base, prefer)
    return parsed.start.year if parsed else base.year


def _part_of_month(part: str, year: int, month: int) -> DateSpan:
    last = calendar.monthrange(year, month)[1]
    first_day = 1 if "early" in part or "beginning" in part else 11 if part == "mid" else 21
    last_day = {1: 10, 11: 20, 21: last}[first_day]
    return DateSpan(
        dt.date(year, month, first_day), dt.date(year, month, last_day), PART_OF_MONTH, True
    )


def _month_number(text: str) -> int:
    key = text.lower().rstrip(".")[:3]
    return [m.lower()[:3] for m in calendar.month_name[1:]].index(key) + 1


# Cached: dateparser takes about a millisecond a phrase, and a text repeating one phrase
# thousands of times must not cost a millisecond each.
@functools.lru_cache(maxsize=4096)
def _parse(text: str, base: dt.date, prefer: str) -> DateSpan | None:
    parsed = _parser(prefer, base).get_date_data(text)
    if parsed.date_obj is None:
        return None
    day = parsed.date_obj.date()
    if parsed.period == WEEK:
        start = day - dt.timedelta(days=day.weekday())
        return DateSpan(start, start + dt.timedelta(days=6), WEEK, True)
    if parsed.period == MONTH:
        last = calendar.monthrange(day.year, day.month)[1]
        return DateSpan(day.replace(day=1), day.replace(day=last), MONTH, True)
    if parsed.period == YEAR:
        return DateSpan(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), YEAR, True)
    return DateSpan(day, day, DAY, True)


@functools.lru_cache(maxsize=256)
def _parser(prefer: str, base: dt.date | None) -> Any:
    import dateparser.date  # imported late: it takes 0.3 s and only comparisons need it

    settings: dict[str, Any] = {"PREFER_DATES_FROM": prefer}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    return dateparser.date.DateDataParser(languages=["en"], settings=settings)
