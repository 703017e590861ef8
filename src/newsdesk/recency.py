"""Recency: which articles tell the latest state of a story.

Articles about one story may span weeks: a report that "the location remains to be
determined" is overtaken by a later one that names the venue. A wire lead carries the latest
development, so the brief takes its lead, and its sentences, from the newest articles, and
uses the overtaken ones only as support (citations).

An article's day is its publication date when its metadata gives one, else the latest complete
date (day, month, year) that its text, captions removed as page furniture included, gives
outside a forward-looking clause: the article was published then or later (the bound of
:mod:`newsdesk.compare.dates`). An article is **overtaken** when its day lies more than
``OVERTAKEN_DAYS`` before the newest article's day; an article without a day is never
overtaken (nothing says it is old).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Mapping
from dataclasses import dataclass

from newsdesk.compare.dates import complete_dates, month_dates
from newsdesk.types import Story

# A week: follow-ups of one event within days are one state of the story; a report from an
# earlier week (an announcement before the decision) is not. Set by editorial judgement,
# not tuned: the dev clusters give few articles a day at all.
OVERTAKEN_DAYS = 7
# A date announced further ahead than a season ("the stadium would open in August 2031") is a
# plan, not the next step of the story: it does not make its article the latest one.
AHEAD_DAYS = 92
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Timeline:
    """What a story's dates say, read once: each article's day (see the module docstring) and
    the spans of the dates each sentence mentions, announced dates to come included."""

    articles: tuple[str, ...]
    days: Mapping[str, dt.date]
    spans: Mapping[tuple[str, int], tuple[tuple[dt.date, dt.date], ...]]

    @property
    def story_day(self) -> dt.date | None:
        return max(self.days.values(), default=None)

    def latest(self) -> frozenset[str]:
        """See :func:`latest`."""
        if not self.days:
            return frozenset(self.articles)
        horizons = dict(self.days)
        for (article_id, _), spans in self.spans.items():
            for start, _end in spans:
                horizons[article_id] = max(horizons.get(article_id, start), start)
        limit = _days_before(max(horizons.values()), OVERTAKEN_DAYS)
        return frozenset(a for a in self.articles if a not in horizons or horizons[a] >= limit)

    def latest_development(self) -> frozenset[tuple[str, int]]:
        """See :func:`latest_development`."""
        newest = self.latest()
        if len(newest) == len(self.articles):
            return frozenset()
        dated = {
            key: max(start for start, _ in spans)
            for key, spans in self.spans.items()
            if key[0] in newest and spans
        }
        if not dated:
            return frozenset()
        limit = _days_before(max(dated.values()), OVERTAKEN_DAYS)
        return frozenset(key for key, day in dated.items() if day >= limit)

    def background(self) -> frozenset[tuple[str, int]]:
        """See :func:`background`."""
        story_day = self.story_day
        if story_day is None:
            return frozenset()
        limit = _days_before(story_day, OVERTAKEN_DAYS)
        return frozenset(
            key for key, spans in self.spans.items() if spans and max(e for _, e in spans) < limit
        )

    def overtaken(self) -> frozenset[str]:
        """See :func:`overtaken`."""
        story_day = self.story_day
        if story_day is None:
            return frozenset()
        limit = _days_before(story_day, OVERTAKEN_DAYS)
        return frozenset(article_id for article_id, day in self.days.items() if day < limit)

    def stale(self, story: Story) -> frozenset[tuple[str, int]]:
        """See :func:`stale`."""
        newest = self.latest()
        old = self.overtaken() | {a for a in self.articles if a not in newest}
        return frozenset(
            s.key for s in story.sentences if s.article_id in old and _STATE.search(s.text)
        )


def timeline(story: Story) -> Timeline:
    """Read a story's dates once (the functions below each read them again)."""
    days = article_days(story)
    story_day = max(days.values(), default=None)
    spans: dict[tuple[str, int], tuple[tuple[dt.date, dt.date], ...]] = {}
    if story_day is not None:
        for sentence in story.sentences:
            # An article without a day of its own was published no earlier than the story's
            # latest day (the bound :mod:`newsdesk.compare` reads its relative dates against).
            base = days.get(sentence.article_id, story_day)
            found = tuple(
                (span.start, span.end)
                for span in month_dates(sentence.text, base)
                if (span.start - story_day).days <= AHEAD_DAYS
            )
            if found:
                spans[sentence.key] = found
    return Timeline(tuple(a.id for a in story.articles), days, spans)


def article_days(story: Story) -> dict[str, dt.date]:
    """Each article's day (see the module docstring), for the articles that have one."""
    texts: dict[str, list[str]] = {a.id: [] for a in story.articles}
    for sentence in story.sentences:
        texts[sentence.article_id].append(sentence.text)
    for removal in story.removed:
        if removal.article_id in texts:
            texts[removal.article_id].append(removal.text)
    days: dict[str, dt.date] = {}
    for article in story.articles:
        published = _published_day(article.published)
        if published is None:
            published = max(
                (day for text in texts[article.id] for day in complete_dates(text)), default=None
            )
        if published is not None:
            days[article.id] = published
    return days


def latest(story: Story) -> frozenset[str]:
    """The articles that know the story's latest state: those without a day (nothing says
    they are old), and those whose **horizon**, the latest date they mention, announced dates
    to come included ("would take place in late February"), lies within ``OVERTAKEN_DAYS`` of
    the latest horizon of the story. An article that knows of the next scheduled event knows
    more of the story than one that does not."""
    return timeline(story).latest()


def latest_development(story: Story) -> frozenset[tuple[str, int]]:
    """When the articles span time (some article is not among the :func:`latest`), the
    sentences of the latest articles that mention the story's latest date, announced dates
    to come included: what the newest reports know that the older ones do not ("the next
    meeting would take place in late February"). Empty for a story of one time."""
    return timeline(story).latest_development()


def background(story: Story) -> frozenset[tuple[str, int]]:
    """The sentences that tell of an earlier time: every date they mention lies more than
    ``OVERTAKEN_DAYS`` before the story's latest day ("had their first meeting last June").
    They may inform, but a lead tells the latest development."""
    return timeline(story).background()


# What a report says of the state of things then, or of what was to come: the statements a
# later report overtakes ("the location remains to be determined", "talks will resume").
# What happened stays true and is not matched ("met in June", "was arrested").
_STATE = re.compile(
    r"\b(?:will|would|shall|won't|wouldn't|[a-z]+'ll|going to|expected|expects?|plans?|planned|"
    r"planning|likely|unlikely|could|may|might|remains?|remained|continues?|continuing|"
    r"ongoing|under way|underway|pending|yet|still|currently|now|soon|upcoming|"
    r"scheduled|set to|due to|hopes?|intends?|considering|undecided|unclear|"
    r"to be (?:determined|decided|announced)|(?:is|are|was|were) [\"\u201c]?\w+ing)\b",
    re.IGNORECASE,
)


def stale(story: Story) -> frozenset[tuple[str, int]]:
    """The sentences a later report may overtake: those of an article that is overtaken (see
    :func:`overtaken`) or does not know the story's latest state (see :func:`latest`) that
    speak of the state of things then or of what was to come. What they report as done stays
    in play."""
    return timeline(story).stale(story)


def overtaken(story: Story) -> frozenset[str]:
    """The articles whose day lies more than ``OVERTAKEN_DAYS`` before the newest one's."""
    return timeline(story).overtaken()


def _days_before(day: dt.date, days: int) -> dt.date:
    """``day`` less ``days``, or the first representable day (a publication date of year 1)."""
    try:
        return day - dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min


def _published_day(value: str | None) -> dt.date | None:
    """The day of a publication time in ISO 8601 ("2019-01-18T09:30:00Z") or in the form of
    e-mail and RSS dates ("Fri, 18 Jan 2019 09:30:00 GMT")."""
    if not value:
        return None
    match = _ISO_DAY.match(value.strip())
    try:
        if match is not None:
            return dt.date(*(int(part) for part in match.groups()))
        return email.utils.parsedate_to_datetime(value.strip()).date()
    except (ValueError, TypeError, IndexError, OverflowError):
        return None
