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

from newsdesk.compare.dates import complete_dates, month_dates
from newsdesk.types import Story

# A week: follow-ups of one event within days are one state of the story; a report from an
# earlier week (an announcement before the decision) is not. Set by editorial judgement,
# not tuned: the dev clusters give few articles a day at all.
OVERTAKEN_DAYS = 7
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


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
    days = article_days(story)
    if not days:
        return frozenset(a.id for a in story.articles)
    # An article without a day of its own was published no earlier than the story's latest
    # day (the bound :mod:`newsdesk.compare` reads its relative dates against).
    story_day = max(days.values())
    horizons = dict(days)
    for sentence in story.sentences:
        base = days.get(sentence.article_id, story_day)
        for span in month_dates(sentence.text, base):
            horizon = horizons.get(sentence.article_id, span.start)
            horizons[sentence.article_id] = max(horizon, span.start)
    newest = max(horizons.values())
    limit = newest - dt.timedelta(days=OVERTAKEN_DAYS)
    return frozenset(
        a.id for a in story.articles if a.id not in horizons or horizons[a.id] >= limit
    )


def latest_development(story: Story) -> frozenset[tuple[str, int]]:
    """When the articles span time (some article is not among the :func:`latest`), the
    sentences of the latest articles that mention the story's latest date, announced dates
    to come included: what the newest reports know that the older ones do not ("the next
    meeting would take place in late February"). Empty for a story of one time."""
    newest = latest(story)
    if len(newest) == len(story.articles):
        return frozenset()
    days = article_days(story)
    story_day = max(days.values())
    dated: dict[tuple[str, int], dt.date] = {}
    for sentence in story.sentences:
        if sentence.article_id not in newest:
            continue
        base = days.get(sentence.article_id, story_day)
        starts = [span.start for span in month_dates(sentence.text, base)]
        if starts:
            dated[sentence.key] = max(starts)
    if not dated:
        return frozenset()
    limit = max(dated.values()) - dt.timedelta(days=OVERTAKEN_DAYS)
    return frozenset(key for key, day in dated.items() if day >= limit)


def background(story: Story) -> frozenset[tuple[str, int]]:
    """The sentences that tell of an earlier time: every date they mention lies more than
    ``OVERTAKEN_DAYS`` before the story's latest day ("had their first meeting last June").
    They may inform, but a lead tells the latest development."""
    days = article_days(story)
    if not days:
        return frozenset()
    story_day = max(days.values())
    limit = story_day - dt.timedelta(days=OVERTAKEN_DAYS)
    found = set()
    for sentence in story.sentences:
        base = days.get(sentence.article_id, story_day)
        ends = [span.end for span in month_dates(sentence.text, base)]
        if ends and max(ends) < limit:
            found.add(sentence.key)
    return frozenset(found)


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
    newest = latest(story)
    old = overtaken(story) | {a.id for a in story.articles if a.id not in newest}
    return frozenset(
        s.key for s in story.sentences if s.article_id in old and _STATE.search(s.text)
    )


def overtaken(story: Story) -> frozenset[str]:
    """The articles whose day lies more than ``OVERTAKEN_DAYS`` before the newest one's."""
    days = article_days(story)
    if not days:
        return frozenset()
    newest = max(days.values())
    limit = newest - dt.timedelta(days=OVERTAKEN_DAYS)
    return frozenset(article_id for article_id, day in days.items() if day < limit)


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
