"""Feeds: each entry of an RSS or Atom file as a document, parsed with ``feedparser``.

A feed is a file named ``.rss``, ``.atom`` or ``.xml``, or content that starts as one
(:func:`looks_like_feed`). ``feedparser`` is imported by :func:`feed_documents` only.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from typing import Any

from newsdesk.types import Skipped

FEED_SUFFIXES = {".rss", ".atom", ".xml"}


def looks_like_feed(head: bytes) -> bool:
    """Whether the first bytes of an input (stripped, lower-cased) open an RSS or Atom feed."""
    return head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head


def feed_documents(origin: str, data: bytes) -> Iterator[tuple[str, dict[str, Any]] | Skipped]:
    """Each entry of an RSS or Atom feed as a document (``ORIGIN#N``, N from 0, and its content,
    or summary, as HTML, with title, link, date, the feed's title and the feed file's name),
    or why it cannot be read."""
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        yield Skipped(origin, "a feed with no entries" if feed.get("version") else "not a feed")
        return
    for position, entry in enumerate(feed.entries):
        where = f"{origin}#{position}"
        contents = entry.get("content") or []
        body = contents[0].get("value") if contents else entry.get("summary")
        if not body:
            yield Skipped(where, "feed entry with no content or summary")
            continue
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        published = None
        if parsed:
            published = _iso(calendar.timegm(parsed))
        document = {
            "html": f"<html><body><article>{body}</article></body></html>",
            "title": entry.get("title"),
            "url": entry.get("link"),
            "published": published,
            "feed": feed.feed.get("title"),
            "name": origin,
        }
        if entry.get("id"):
            document["id"] = str(entry.get("id"))
        yield where, document


def _iso(seconds: int) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(seconds, timezone.utc).isoformat().replace("+00:00", "Z")
