"""Dates in news text: find date phrases and normalise them to a span of days.

Phrases are found by our own patterns (``dateparser.search`` misfires on news text), and the
core of each phrase ("February", "June 12", "Friday", "next month") is parsed by dateparser
against a reference day. dateparser does not know the modifiers news uses ("late February",
"last June", "the end of February", "June of last year"), so those are applied here.

"Today" is left alone: in news it mostly means "nowadays" or names a paper ("USA Today").

Every date computed is range-checked: a phrase whose date would fall outside the calendar's
years 1 to 9999 ("next Friday" in an article dated 31 December 9999) is left unresolved with
the reason (:attr:`DateMention.reason`), never raised.

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
      (?:,?\s+(?:of\s+)?(?P<year>{_YEAR})\b|(?:\s+of)?\s+(?P<rel_year>last|next|this)\s+year)?
    | (?P<day_first>{_DAY})\s+(?P<month2>{MONTHS})(?:,?\s+(?P<year2>{_YEAR}))?
    | (?:(?P<weekday_rel>last|next|this|on)\s+)?(?<!'s\s)(?P<weekday>{_WEEKDAYS})
      (?!,?\s+(?:{MONTHS}\s+{_DAY}\b|{_DAY}\s+{MONTHS}))
    | (?:(?P<part2>early|mid|late|earlier|later)[\s-]+)?(?P<rel>last|next|this)\s+
      (?P<unit>week|month|year)
    | (?P<deictic>yesterday|tomorrow)
    | (?:in|since|during|until|by)\s+(?P<bare_year>{_YEAR})\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# Cheap tests before the long alternation above: a month phrase needs a month word (at the
# start of a word, as in every branch of _DATE), a complete date a year too. Most sentences
# have neither, and the recency stage reads every sentence of a story.
_HAS_MONTH = re.compile(rf"\b{MONTHS}", re.IGNORECASE)
_HAS_YEAR = re.compile(rf"\b{_YEAR}\b")

# Words that say whether a clause looks ahead or back; the nearest one before a date phrase
# decides whether an undated "February" or "Friday" lies after or before the reference day.
_FORWARD = re.compile(
    r"(?:will|would|\w*'ll|shall|must|plans|planned|planning|expected|scheduled|slated|set|due|"
    r"going|upcoming|next|likely|could|may|might|tentative|potential|possible|"
    r"predictions?|forecasts?)",
    re.IGNORECASE,
)
# (The word boundary makes a search start only at a word: "[a-z]{3,}ed" alone would rescan a
# long run of letters from each of its positions.)
_BACKWARD = re.compile(
    r"\b(?:met|held|had|was|were|did|took|came|went|said|told|began|last|ago|since|shot|struck|"
    r"fled|fell|left|lost|won|spoke|wrote|found|made|gave|got|saw|sent|led|ran|broke|brought|"
    r"became|knew|thought|caught|built|paid|sold|stood|threw|drove|rose|fought|bought|chose|"
    r"(?!(?:hundred|indeed|need|speed|proceed|exceed|succeed|breed|seed)$)[a-z]{3,}ed)",
    re.IGNORECASE,
)
# Before a participle, these make it passive ("to be finalized Friday", "when the results
# are released in December"): the participle does not say the tense.
_PASSIVE_AHEAD = frozenset({"be", "being", "is", "are"})
_CLAUSE_BREAK = re.compile(r"[,;:()\u2014\u2013]|\s-\s")
CONTEXT_CHARS = 400  # of the clause either side of a date phrase: 12 words fit many times
_WORD = re.compile(r"[\w']+")

DAY, PART_OF_MONTH, WEEK, MONTH, YEAR = "day", "part-of-month", "week", "month", "year"
# An undated month or day is read on the side of the reference day the clause's tense says,
# unless the other side is this many times nearer (see _year_of_month).
NEARER = 3
# How many words on either side of a date phrase are searched for a word that says its tense.
TENSE_WINDOW = 16


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
    """A date phrase at ``start:end`` of a text, with its normalised span (None: unresolved,
    with the ``reason`` when it is not the lack of a reference day)."""

    text: str
    start: int
    end: int
    span: DateSpan | None
    absolute: bool  # the phrase names its year: it needs no reference day
    reason: str | None = None


OUT_OF_RANGE = "the date falls outside the calendar (years 1 to 9999)"
# Relative phrases dateparser resolves (a day, a week or a month away) reach at most this
# many days from the reference day: nearer the calendar's ends, its None means out of range.
_DATEPARSER_REACH = 62


class DateOutOfRange(Exception):
    """A date computed from a phrase falls before 1 January 1 or after 31 December 9999."""


def find_dates(text: str, reference: Reference | None) -> list[DateMention]:
    """Every date phrase of ``text`` (one sentence), resolved against ``reference``.

    A weekday is resolved against the nearest complete date the sentence states before it
    ("On Jan. 20, police said ... on Monday"), else against ``reference``; a stated date
    more than a week before the reference tells of another time ("joined in 2007 ... was
    found Monday") and is not used.
    """
    matches = [m for m in _DATE.finditer(text) if not _is_modal_may(m)]
    out = []
    stated: dt.date | None = None
    for match in matches:
        groups = match.groupdict()
        absolute = bool(groups["year"] or groups["year2"] or groups["bare_year"])
        tense = _tense(text, match.start(), match.end())
        base = reference
        if (
            groups["weekday"]
            and stated is not None
            and (reference is None or (reference.day - stated).days <= 7)
        ):
            base = Reference(stated, "a date stated in the sentence")
        try:
            span, reason = _resolve(groups, base, tense), None
        except DateOutOfRange:
            span, reason = None, OUT_OF_RANGE
        certain_base = base is not None and (base.certain or base is not reference)
        if span is not None and not absolute and not certain_base:
            span = DateSpan(span.start, span.end, span.precision, certain=False)
        if span is not None and span.precision == DAY and not groups["weekday"]:
            stated = span.start  # "GENEVA, November 21 (Xinhua) -- ... on Wednesday"
        out.append(DateMention(match.group(0), match.start(), match.end(), span, absolute, reason))
    return out


def complete_dates(text: str) -> Iterator[dt.date]:
    """Dates with day, month and year in ``text`` that do not look ahead (publication bound)."""
    if not (_HAS_YEAR.search(text) and _HAS_MONTH.search(text)):
        return
    for mention in find_dates(text, None):
        span = mention.span
        if (
            mention.absolute
            and span is not None
            and span.precision == DAY
            and not _looks_ahead(text, mention.start, mention.end)
        ):
            yield span.start


def undated_days(text: str) -> Iterator[tuple[int, int]]:
    """(month, day) of dates written without a year in ``text`` that do not look ahead.

    News style (AP) leaves the year out for dates of the current year, so such a date, in the
    year of an article's latest complete date, bounds its publication from below too: a
    caption's "Sept. 24" in an article whose latest full date is June 12, 2018.
    """
    for match in _DATE.finditer(text):
        groups = match.groupdict()
        day = groups["day"] or groups["day_first"]
        month = groups["month"] or groups["month2"]
        if not day or not month or groups["year"] or groups["year2"] or groups["rel_year"]:
            continue
        if groups["rel_month"] or _looks_ahead(text, match.start(), match.end()):
            continue
        yield _month_number(month), int(re.sub(r"\D", "", day))


def month_dates(text: str, base: dt.date) -> Iterator[DateSpan]:
    """The spans of the month phrases of ``text`` ("late February", "June 12", "last June",
    "Jan. 2, 2019"), read against ``base`` as :func:`find_dates` reads them; weekdays and
    relative phrases ("next week") are left out, so that no phrase needs dateparser."""
    if not _HAS_MONTH.search(text):
        return
    for match in _DATE.finditer(text):
        groups = match.groupdict()
        if not (groups["month"] or groups["month2"]) or _is_modal_may(match):
            continue
        span = _month_phrase(groups, base, _tense(text, match.start(), match.end()))
        if span is not None:
            yield span


def parse_published(value: str | None) -> dt.date | None:
    """An article's publication date from its metadata, if it parses as one."""
    if not value:
        return None
    parsed = _parser("past", None).get_date_data(value.strip()[:64])
    return parsed.date_obj.date() if parsed.date_obj and parsed.period == DAY else None


def _looks_ahead(text: str, start: int, end: int) -> bool:
    """Whether the clause of the date phrase at ``start:end`` speaks of what is to come."""
    return _tense(text, start, end) == "future"


def _tense(text: str, start: int, end: int) -> str | None:
    """ "future" or "past" for the clause of the date phrase at ``start:end``; None when no
    tense word says.

    After a possessive, the words of its noun phrase decide ("Monday's upcoming trial"). Else
    the nearest tense word before the phrase in its clause (within :data:`TENSE_WINDOW`
    words); without one, the first tense word of the next words, over clause breaks ("On
    Thursday, Owens will lead ...", "In May, a 15-year-old boy in Conyers, Ga., wounded six
    students"), but not past a possessive's noun ("October's deadly crash ... will be
    interviewed").
    """
    # Within a window of the text either side: the work per phrase stays bounded however
    # long the sentence and however many date phrases it holds.
    after = _WORD.findall(text[end : end + CONTEXT_CHARS])[: TENSE_WINDOW + 4]
    if text.startswith("'s", end):
        after = after[1:3]
        for i in range(len(after)):
            verdict = _tense_word(after, i)
            if verdict:
                return verdict
    clause = _CLAUSE_BREAK.split(text[max(0, start - CONTEXT_CHARS) : start])[-1]
    before = _WORD.findall(clause)[-TENSE_WINDOW:]
    for i in range(len(before) - 1, -1, -1):
        verdict = _tense_word(before, i)
        if verdict:
            return verdict
    for i in range(len(after)):
        verdict = _tense_word(after, i)
        if verdict:
            return verdict
    return None


def _tense_word(words: list[str], i: int) -> str | None:
    word = words[i]
    if word == "May":
        return None  # the month ("in May and June"), not the modal
    following = words[i + 1 : i + 2]
    if word.lower() in {"is", "are"} and following == ["to"]:
        return "future"  # "is to go on trial", "are to appear Tuesday"
    if _FORWARD.fullmatch(word):
        if word.lower() == "set" and following in (["by"], ["up"]):
            return None  # "a deadline set by the city", "set up": not a plan
        # "may have plunged", "would have been": a modal perfect looks back.
        return "past" if following == ["have"] else "future"
    if _BACKWARD.fullmatch(word):
        if i and words[i - 1].lower() in _PASSIVE_AHEAD:
            return None  # "to be finalized Friday": a participle, the tense is elsewhere
        return "past"
    return None


def _is_modal_may(match: re.Match[str]) -> bool:
    """Whether a month word here is not a date: see :func:`_not_a_date`."""
    return _not_a_date(match)


# Words before a capitalised month that make it a date ("In June", "Since March").
_MONTH_LEADS = frozenset({
    "in", "on", "by", "since", "until", "till", "during", "of", "from", "through", "before",
    "after", "early", "mid", "late", "the", "last", "next", "this", "and", "or", "to",
})  # fmt: skip
# A habitual statement names a month without dating anything ("El Nino usually occurs
# around December").
_HABITUAL = re.compile(r"\b(?:usually|typically|normally|generally|every|each)\b", re.I)


def _not_a_date(match: re.Match[str]) -> bool:
    """A month word that is no date: the verb "may" or "march" ("This may help"), or, without
    a day or a year, a name ("said June Arnette", "Navy Capt. Burt March") or a month in a
    habitual statement."""
    month_word = match.group("month") or ""
    if not month_word or match.group("day") or match.group("year") or match.group("rel_year"):
        return False
    if month_word.lower() in {"may", "march", "mar", "mar."} and not month_word[:1].isupper():
        return True
    text = match.string
    if re.match(r"\s+[A-Z][a-z]", text[match.end() :]):
        return True  # "June Arnette", "Jan Gallagher"
    previous = re.search(r"([A-Za-z]+)\.?\s+$", text[: match.start("month")])
    word_before = previous.group(1) if previous else ""
    if word_before[:1].isupper() and word_before.lower() not in _MONTH_LEADS:
        return True  # "Capt. Burt March", but "In March", "Since May"
    return _HABITUAL.search(text) is not None


def _resolve(
    groups: dict[str, Any], reference: Reference | None, tense: str | None
) -> DateSpan | None:
    base = reference.day if reference else None
    prefer = tense or "past"  # news tells of what happened unless a word says otherwise
    if groups["month"] or groups["month2"]:
        return _month_phrase(groups, base, tense)
    if groups["bare_year"]:
        return _year(int(groups["bare_year"]))
    if base is None:
        return None
    if groups["weekday"]:
        rel = (groups["weekday_rel"] or "").lower()
        if rel in {"last", "next"}:  # "last Friday", "next Friday": never the day itself
            step = -1 if rel == "last" else 1
            future = "past" if rel == "last" else "future"
            return _weekday(groups["weekday"], _shifted(base, step), future)
        return _weekday(groups["weekday"], base, prefer)
    if groups["deictic"]:
        return _parse_near(groups["deictic"], base, prefer)
    unit = groups["unit"].lower()
    if unit == "year":
        offset = {"last": -1, "next": 1}.get(groups["rel"].lower(), 0)
        return _year(base.year + offset)
    span = _parse_near(f"{groups['rel']} {unit}", base, prefer)
    part = (groups["part2"] or "").lower()
    if span is None or unit != "month" or not part:
        return span
    if part in {"earlier", "later"}:
        return span  # "earlier this month": the month, no finer
    return _part_of_month(part, span.start.year, span.start.month)


def _weekday(name: str, base: dt.date, prefer: str) -> DateSpan:
    """The day of a weekday named against ``base``: the nearest one on or before it when the
    clause looks back, on or after it when it looks ahead.

    The reference day itself counts: "police on Tuesday were investigating", read against a
    Tuesday, is that Tuesday, not the one a week before (dateparser's "past" skips it). A
    relative date so never lands on the wrong side of the day it is relative to.
    """
    target = [calendar.day_name[i].lower() for i in range(7)].index(name.lower())
    if prefer == "future":
        day = _shifted(base, (target - base.weekday()) % 7)
    else:
        day = _shifted(base, -((base.weekday() - target) % 7))
    return DateSpan(day, day, DAY, True)


def _shifted(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``; :class:`DateOutOfRange` past either end of the calendar."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        raise DateOutOfRange from None


def _checked_year(year: int) -> int:
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise DateOutOfRange
    return year


def _year(year: int) -> DateSpan:
    year = _checked_year(year)
    return DateSpan(dt.date(year, 1, 1), dt.date(year, 12, 31), YEAR, True)


def _month_phrase(
    groups: dict[str, Any], base: dt.date | None, tense: str | None
) -> DateSpan | None:
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
        year = _checked_year(year)
    else:
        rel = (groups["rel_month"] or "").lower()
        day_number = int(re.sub(r"\D", "", day)) if day else None
        year = _year_of_month(
            month, day_number, base, {"last": "past", "next": "future"}.get(rel, tense), not rel
        )
        if rel in {"last", "next"} and month == base.month:
            year = _checked_year(year + (-1 if rel == "last" else 1))
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


def _year_of_month(
    month: int, day: int | None, base: dt.date, tense: str | None, nearest: bool = True
) -> int:
    """The year of a month (and day) written without one, read against ``base``.

    The tense of the clause says whether it lies before or after ``base`` ("due to run
    through December 14" on December 5 is nine days ahead, not a year); without a tense
    word, the past, unless a month's coming reading is :data:`NEARER` times nearer ("a visa,
    which expires in February", in December). A date
    read ahead is read back instead when that is more than :data:`NEARER` times nearer:
    forward words mislead more often than past ones ("expected the waters to rise on Feb. 26", in a
    story of March 4, is the Feb. 26 just gone), while a past reading far back is often an
    anniversary ("the shootings at Columbine on April 20", eight days before it).
    """
    readings: dict[str, tuple[int, int]] = {}
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            first = dt.date(year, month, day or 1)
            last = dt.date(year, month, day or calendar.monthrange(year, month)[1])
        except ValueError:  # February 29 of a common year
            continue
        if first <= base and ("past" not in readings or year > readings["past"][0]):
            readings["past"] = (year, (base - last).days if last < base else 0)
        if last >= base and "future" not in readings:
            readings["future"] = (year, (first - base).days if first > base else 0)
    if not readings:
        return base.year
    if tense is None:  # no tense word: the past, unless the coming one is much nearer
        past, future = readings.get("past"), readings.get("future")
        if future and (not past or (nearest and not day and future[1] * NEARER < past[1])):
            return future[0]
        return (past or future or (base.year, 0))[0]
    chosen = readings.get(tense) or next(iter(readings.values()))
    other = readings.get("past")
    if nearest and tense == "future" and other and other[1] * NEARER < chosen[1]:
        chosen = other
    return chosen[0]


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


def _parse_near(text: str, base: dt.date, prefer: str) -> DateSpan | None:
    """:func:`_parse` of a phrase that always parses ("yesterday", "next month"): None near
    either end of the calendar means the date would fall outside it."""
    span = _parse(text, base, prefer)
    if span is None and (
        (base - dt.date.min).days < _DATEPARSER_REACH
        or (dt.date.max - base).days < _DATEPARSER_REACH
    ):
        raise DateOutOfRange
    return span


# Cached: dateparser takes about a millisecond a phrase, and a text repeating one phrase
# thousands of times must not cost a millisecond each.
@functools.lru_cache(maxsize=4096)
def _parse(text: str, base: dt.date, prefer: str) -> DateSpan | None:
    try:
        parsed = _parser(prefer, base).get_date_data(text)
    except OverflowError:  # dateparser's own arithmetic, near either end of the calendar
        raise DateOutOfRange from None
    if parsed.date_obj is None:
        return None
    day = parsed.date_obj.date()
    if parsed.period == WEEK:
        start = _shifted(day, -day.weekday())
        return DateSpan(start, _shifted(start, 6), WEEK, True)
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
