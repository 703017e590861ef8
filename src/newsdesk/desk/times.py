"""When an article was published, as the desk keeps it: ISO 8601 text in UTC, to the second.

The time comes from the article itself: its ``published`` field (given in JSON, a feed entry's
date, or the date of an HTML page's metadata, all read by :mod:`newsdesk.ingest.stream`), in
any of the forms they take (ISO 8601, RFC 2822 as RSS writes it, a date in words), else the day
an LDC newswire document id names (``APW19981001.0299``: 1 October 1998). When neither gives a
plausible time (from 1900 to a day from now), the desk uses the time the article was added and
marks it as such (``time_estimated``).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

EARLIEST_YEAR = 1900
# "APW19981001.0299", "NYT_ENG_19981010.0215", "XIE19970302.0012", also inside a longer id
# ("duc2003:APW19981001.0299").
_NEWSWIRE_ID = re.compile(r"(?<![A-Za-z])[A-Z]{3}(?:_ENG_)?(\d{4})(\d{2})(\d{2})\.\d{4}\b")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")


def publication_time(published: str | None, input_id: str | None = None) -> str | None:
    """The publication time of an article, as ISO UTC text (``2019-01-07T10:00:00+00:00``; a
    date alone is taken at midnight UTC), or None when neither ``published`` nor ``input_id``
    gives a plausible one."""
    moment = _parse(published) if published else None
    if moment is None and input_id:
        match = _NEWSWIRE_ID.search(input_id)
        if match:
            moment = _plausible(_date(*map(int, match.groups())))
    return None if moment is None else iso(moment)


def iso(moment: datetime) -> str:
    """ISO UTC text of a time, to the second: the form every time of the store has, so that
    text order is time order."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def _parse(text: str) -> datetime | None:
    text = text.strip()
    if not text or len(text) > 100:
        return None
    try:  # ISO 8601 (what JSON, trafilatura's metadata and our feeds reader give)
        return _plausible(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    try:  # RFC 2822, as RSS writes dates
        return _plausible(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        pass
    if not _YEAR.search(text):
        return None  # "yesterday", "Tuesday": relative to a day we do not know
    import dateparser  # a date in words: "October 1, 1998", "1 Oct 1998 10:00 EST"

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={
            "TIMEZONE": "UTC",
            "RETURN_AS_TIMEZONE_AWARE": True,
            "PREFER_DAY_OF_MONTH": "first",
        },
    )
    return _plausible(parsed) if parsed is not None else None


def _date(year: int, month: int, day: int) -> datetime | None:
    try:
        return datetime(year, month, day, tzinfo=timezone.utc)
    except ValueError:
        return None


def _plausible(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    latest = datetime.now(timezone.utc) + timedelta(days=1)
    if moment.year < EARLIEST_YEAR or moment > latest:
        return None
    return moment
