"""A stream of articles, one at a time: what ``newsdesk add`` and ``POST /v1/articles`` read.

Files and folders (``.txt``, ``.md``, ``.html``, Multi-News text) are read as ``summarize``
reads them (:mod:`newsdesk.ingest.paths`); a JSONL file is streamed line by line (a line is one
article, ``{"id", "text" or "html", "title", "source", "url", "published"}``, or a cluster
``{"id", "documents": [...]}``); an RSS or Atom file (:mod:`newsdesk.ingest.feeds`) gives an
article per entry. Nothing is dropped silently: what cannot be used is yielded as
:class:`~newsdesk.types.Skipped`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsdesk.errors import InputError
from newsdesk.files import display_name, is_regular_file, read_bounded
from newsdesk.ingest.clusters import (
    JSONL_SUFFIXES,
    MAX_LINE_BYTES,
    LineTooLong,
    iter_cluster_lines,
    load_json,
)
from newsdesk.ingest.feeds import FEED_SUFFIXES, feed_documents, looks_like_feed
from newsdesk.ingest.html import HTML_SUFFIXES
from newsdesk.ingest.paths import TEXT_SUFFIXES, read_files, read_story, split_by_name
from newsdesk.ingest.story import story_from_cluster
from newsdesk.types import Skipped, Story

ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
FEED_BYTES = 64 * 1024 * 1024  # a feed is parsed whole; larger ones are skipped, said so


@dataclass(frozen=True)
class ArticleInput:
    """One article arriving at the desk, as read (text already extracted from HTML)."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    origin: str = ""


def read_inputs(
    paths: Sequence[str | Path], *, stdin: bytes | None = None
) -> Iterator[ArticleInput | Skipped]:
    """Every article of ``paths`` (``"-"``: ``stdin``), in order; folders by sorted name.

    Raises :class:`InputError` for a path that does not exist (before anything is read).
    """
    for raw in paths:
        if str(raw) != "-" and not Path(raw).exists():
            raise InputError(f"no such file or folder: {display_name(raw)}")
    for raw in paths:
        if str(raw) == "-":
            yield from _read_blob("<stdin>", stdin or b"")
        else:
            yield from _read_path(Path(raw))


def count_inputs(paths: Sequence[str | Path]) -> int | None:
    """How many items (articles and skipped inputs) :func:`read_inputs` will yield, counted
    without reading them (a progress bar's total): files by name, a JSONL file by its lines
    (a cluster by its documents). None when that cannot be known without reading them all:
    standard input, a pipe, an RSS or Atom feed, Multi-News text."""
    total = 0
    for raw in paths:
        found = None if str(raw) == "-" else _count_path(Path(raw))
        if found is None:
            return None
        total += found
    return total


def _count_path(path: Path, seen: frozenset[tuple[int, int]] = frozenset()) -> int | None:
    # Walks a folder as _read_path does: a link loop, a file of another kind and a pipe,
    # socket or device in a folder are one skipped input each, never opened.
    if path.is_dir():
        identity = (path.stat().st_dev, path.stat().st_ino)
        if identity in seen:
            return 1
        total = 0
        for entry in sorted(p for p in path.iterdir() if not p.name.startswith(".")):
            if entry.is_dir():
                found = _count_path(entry, seen | {identity})
            elif (
                entry.suffix.lower() not in ARTICLE_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES
                or not is_regular_file(entry)
            ):
                found = 1
            else:
                found = _count_path(entry, seen)
            if found is None:
                return None
            total += found
        return total
    suffix = path.suffix.lower()
    if not path.is_file() or suffix in FEED_SUFFIXES or split_by_name(path):
        return None  # read once only (a pipe), or its articles are known by reading it
    if suffix not in JSONL_SUFFIXES:
        return 1
    total = 0
    for _, raw in iter_cluster_lines(path):
        record = None if isinstance(raw, LineTooLong) else load_json(raw, "")
        documents = record.get("documents") if isinstance(record, Mapping) else None
        total += len(documents) if isinstance(documents, list) and documents else 1
    return total


def _read_path(
    path: Path, seen: frozenset[tuple[int, int]] = frozenset()
) -> Iterator[ArticleInput | Skipped]:
    if path.is_dir():
        # A folder reached again through a link (a loop) is read once.
        identity = (path.stat().st_dev, path.stat().st_ino)
        if identity in seen:
            yield Skipped(display_name(path), "a folder already read (a link loop)")
            return
        for entry in sorted(p for p in path.iterdir() if not p.name.startswith(".")):
            if entry.is_dir():
                yield from _read_path(entry, seen | {identity})
            elif entry.suffix.lower() not in ARTICLE_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES:
                yield Skipped(display_name(entry), "not an article file (.txt, .md, .html, ...)")
            elif not is_regular_file(entry):
                # Only regular files are opened from a folder: a named pipe would block the
                # run and a device never end (a pipe named on the command line is read).
                yield Skipped(display_name(entry), "not a regular file (a pipe, socket or device)")
            else:
                yield from _read_path(entry, seen)
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path)
    elif suffix in FEED_SUFFIXES:
        data = read_bounded(path, FEED_BYTES)
        if len(data) > FEED_BYTES:  # feedparser reads a feed whole: bounded, not streamed
            yield Skipped(display_name(path), f"feed larger than {FEED_BYTES} bytes; not read")
        else:
            yield from _read_feed(display_name(path), data)
    else:
        yield from _from_story(lambda: read_story([path]), display_name(path))


def _read_blob(origin: str, data: bytes) -> Iterator[ArticleInput | Skipped]:
    head = data.lstrip()[:200].lower()
    if head.startswith(b"{"):
        for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
            if line.strip():
                yield from _record(load_json(line, f"{origin}:{number}"), f"{origin}:{number}")
    elif looks_like_feed(head):
        yield from _read_feed(origin, data)
    else:
        yield from _from_story(lambda: read_files([(origin, data)]), origin)


def _read_jsonl(path: Path) -> Iterator[ArticleInput | Skipped]:
    origin = display_name(path)
    for number, raw in iter_cluster_lines(path):
        where = f"{origin}:{number}"
        if isinstance(raw, LineTooLong):
            yield Skipped(where, f"line longer than {MAX_LINE_BYTES} bytes; not read")
        else:
            yield from _record(load_json(raw, where), where)


def article_inputs(document: Mapping[str, Any], where: str) -> Iterator[ArticleInput | Skipped]:
    """The article of one document object (``text`` or ``html``, ``id``, ``title``, ...), or
    why there is none: what ``POST /v1/articles`` sends is read as a JSONL line is."""
    return _record(document, where)


def _record(record: Any, where: str) -> Iterator[ArticleInput | Skipped]:
    if isinstance(record, InputError):
        yield Skipped(where, str(record))
        return
    if not isinstance(record, Mapping):
        yield Skipped(where, "not a JSON object")
        return
    if isinstance(record.get("documents"), list):  # a cluster: its articles, one by one
        yield from _from_story(lambda: story_from_cluster(record, origin=where), where)
        return
    if not isinstance(record.get("text"), str) and not isinstance(record.get("html"), str):
        yield Skipped(where, "neither an article ('text' or 'html') nor a cluster ('documents')")
        return
    document = dict(record)
    if "published" not in document and isinstance(document.get("date"), str):
        document["published"] = document["date"]
    yield from _from_story(
        lambda: story_from_cluster({"documents": [document]}, origin=where), where
    )


def _read_feed(origin: str, data: bytes) -> Iterator[ArticleInput | Skipped]:
    """Each entry of an RSS or Atom feed, as an article."""
    for item in feed_documents(origin, data):
        if isinstance(item, Skipped):
            yield item
            continue
        where, document = item
        read = functools.partial(story_from_cluster, {"documents": [document]}, origin=where)
        yield from _from_story(read, where)


def _from_story(read: Any, origin: str) -> Iterator[ArticleInput | Skipped]:
    """The articles (and skipped inputs) of a story read by :mod:`newsdesk.ingest`."""
    try:
        story: Story = read()
    except InputError as exc:
        yield Skipped(origin, str(exc))
        return
    yield from story.skipped
    for article in story.articles:
        yield ArticleInput(
            id=article.id,
            text=article.text,
            title=article.title,
            # "document N" numbers it in its input: no label of its own to keep.
            source=article.source if article.source_from != "position" else None,
            url=article.url,
            published=article.published,
            origin=article.origin,
        )
