"""Ingest: turn files, folders, standard input or JSONL clusters into a :class:`Story`.

Reads ``.txt``, ``.md`` and ``.html`` files (a folder: every such file in it, sorted by
name), Multi-News style text (articles separated by ``|||||``: a file whose name says so, by
its ``.src`` suffix as in the Multi-News release, or any text with ``split=True``) and JSONL
clusters
(``{"id", "documents": [...]}``, one a line; a document is a string or an object with
``text`` or ``html`` and optional ``id``, ``title``, ``source``, ``url``, ``published``).

Nothing is dropped silently: an input that cannot be used becomes a :class:`Skipped` with the
reason. Each article's id is its own ``id`` field when given, else a hash of its text, so the
same article gets the same id in every run and whatever the order of the inputs.
"""

from __future__ import annotations

import bisect
import codecs
import errno
import hashlib
import itertools
import json
import logging
import re
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from newsdesk.config import SummaryConfig
from newsdesk.errors import ConfigError, InputError
from newsdesk.files import display_name, read_bounded
from newsdesk.language import other_language
from newsdesk.text import clean_text as normalise_text  # one cleaning for all that is shown
from newsdesk.types import Article, ClusterInfo, Skipped, Story

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
MULTINEWS_SEPARATOR = "|||||"
# A file named like the Multi-News release's (``train.src``, ``test.src.cleaned``) holds
# articles separated by MULTINEWS_SEPARATOR; any other file is one article, marker or not.
MULTINEWS_SUFFIX = ".src"
# Fields of a document object that are read into the Article itself rather than kept as meta.
DOCUMENT_FIELDS = ("id", "text", "html", "title", "source", "url", "published")

# Fewer words than this from an HTML page is navigation or a form, not an article (the
# extractor falls back to whatever text the page has).
MIN_HTML_ARTICLE_WORDS = 15

_HTML_START = re.compile(r"\A\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.I)


@dataclass
class _Collected:
    """Articles and skipped inputs gathered while reading, in input order."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def read_story(
    paths: Sequence[str | Path],
    *,
    stdin: bytes | None = None,
    cluster: str | None = None,
    config: SummaryConfig | None = None,
    split: bool | None = None,
) -> Story:
    """Read every path (``"-"`` means ``stdin``) into one story.

    A JSONL path must hold one cluster, or name the one to use with ``cluster`` (a
    :class:`ConfigError` when no input is a JSONL file). Text is split into articles on
    ``|||||`` when ``split`` is true, or (``split=None``) when its file's name ends in
    ``.src`` as Multi-News files do. Raises :class:`InputError` when a path does not exist
    or when no usable article remains; every other problem is reported in ``Story.skipped``.
    """
    config = config or SummaryConfig()
    if not paths:
        raise InputError("no input given: name files or folders, or '-' for standard input")
    collected = _Collected()
    story_id: str | None = None
    meta: dict[str, Any] = {}
    for raw_path in paths:
        if str(raw_path) == "-":
            data = stdin if stdin is not None else b""
            found = _read_blob(data, "<stdin>", None, cluster, config, collected, split=bool(split))
        else:
            path = Path(raw_path)
            if not path.exists():
                if path.is_symlink():
                    raise InputError(f"{display_name(path)}: a dangling or looping symbolic link")
                raise InputError(f"no such file or folder: {display_name(path)}")
            found = _read_path(path, cluster, config, collected, split)
        if found is not None and story_id is None:
            story_id, meta = found
    if cluster is not None and story_id is None:  # no input was a file of clusters
        raise ConfigError("--cluster", "given with a JSONL file of clusters", cluster)
    if story_id is None:
        story_id = _story_id(collected.articles)
    return finish_story(story_id, collected.articles, collected.skipped, config, meta)


def read_files(files: Sequence[tuple[str, bytes]], *, config: SummaryConfig | None = None) -> Story:
    """Read files held in memory, ``(name, content)`` each (uploads, say), into one story.

    As :func:`read_story` reads files on disk: the name's suffix says the format (content with
    another suffix, or none, is read as HTML or text by its look), and each file's name is its
    source label.
    """
    config = config or SummaryConfig()
    if not files:
        raise InputError("no files given")
    collected = _Collected()
    story_id: str | None = None
    meta: dict[str, Any] = {}
    for name, data in files:
        kind = _kind(Path(name))
        if _too_large(len(data), name, config, collected):
            continue
        fields = {"source": name}
        found = _read_blob(
            data,
            name,
            None if kind == "jsonl" else kind,
            None,
            config,
            collected,
            fields,
            split=_split_by_name(Path(name)),
        )
        if found is not None and story_id is None:
            story_id, meta = found
    return finish_story(
        story_id or _story_id(collected.articles),
        collected.articles,
        collected.skipped,
        config,
        meta,
    )


def story_from_cluster(
    record: Mapping[str, Any],
    *,
    origin: str = "cluster",
    config: SummaryConfig | None = None,
    document_names: str | None = None,
) -> Story:
    """Build a story from one JSONL cluster record (``{"id", "documents": [...]}``).

    Document N (from 1) is named ``ORIGIN#N`` in skip notes; with ``document_names``
    (``"article"``), by its ``source`` label when it has one, else ``article N``.
    """
    config = config or SummaryConfig()
    collected = _Collected()
    story_id, meta = _read_cluster(record, origin, config, collected, document_names)
    return finish_story(story_id, collected.articles, collected.skipped, config, meta)


def iter_clusters(path: str | Path) -> Iterator[tuple[int, dict[str, Any] | InputError]]:
    """Stream a JSONL file: ``(line number, record)``, or the error for a line that is not one.

    Blank lines are passed over. Memory does not grow with the number of lines.
    """
    for number, raw in iter_cluster_lines(path):
        yield number, parse_cluster_line(raw, f"{path}:{number}")


# The longest JSONL line read: a cluster of many long articles fits many times over; a device
# or pipe that never sends a newline does not make memory grow without end.
MAX_LINE_BYTES = 256 * 1024 * 1024


class LineTooLong(bytes):
    """Stands for a line over :data:`MAX_LINE_BYTES` (skipped unread): its cluster's error."""


def iter_cluster_lines(path: str | Path) -> Iterator[tuple[int, bytes]]:
    """Stream the non-blank lines of a JSONL file, undecoded, with their line numbers.

    A line over :data:`MAX_LINE_BYTES` is read no further and comes as :class:`LineTooLong`.
    """
    with open(path, "rb") as handle:
        number = 0
        while raw := handle.readline(MAX_LINE_BYTES + 1):
            number += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass  # the rest of the line, read in bounded pieces and dropped
                yield number, LineTooLong()
            elif raw.strip():
                yield number, raw


def parse_cluster_line(raw: bytes | str, where: str) -> dict[str, Any] | InputError:
    """One JSONL line as a cluster record, or the error saying why it is not one."""
    if isinstance(raw, LineTooLong):
        return InputError(f"{where}: line longer than {MAX_LINE_BYTES} bytes; not read")
    record = load_json(raw, where)
    if isinstance(record, InputError):
        return record
    if not isinstance(record, dict) or not isinstance(record.get("documents"), list):
        return InputError(f"{where}: expected an object with 'documents'")
    return record


def load_json(raw: bytes | str, where: str) -> Any:
    """One JSON value, or the :class:`InputError` saying why ``raw`` is none.

    Whatever the text holds: bad syntax or bytes, a number of more digits than Python converts
    (``ValueError``), or nesting deeper than the parser's stack (``RecursionError``).
    """
    try:
        return json.loads(raw)
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, an integer too long
        return InputError(f"{where}: not a JSON object ({exc})")
    except RecursionError:
        return InputError(f"{where}: not a JSON object (nested too deeply)")


def finish_story(
    story_id: str,
    articles: Iterable[Article],
    skipped: Iterable[Skipped],
    config: SummaryConfig,
    meta: Mapping[str, Any] | None = None,
) -> Story:
    """Set aside articles not in English, apply the article-count limit, drop exact duplicates
    (each with a reason) and build the story."""
    kept: list[Article] = []
    skipped = list(skipped)
    by_text: dict[str, Article] = {}
    ids: set[str] = set()
    for article in articles:
        language = other_language(article.text)
        if language is not None:
            skipped.append(
                Skipped(article.origin, f"written in {language}; briefs are written for English")
            )
            continue
        fingerprint = " ".join(article.text.split()).casefold()
        if fingerprint in by_text:
            first = by_text[fingerprint]
            skipped.append(Skipped(article.origin, f"duplicate of {first.origin} (same text)"))
            continue
        if len(kept) >= config.max_articles:
            skipped.append(
                Skipped(article.origin, f"over the limit of {config.max_articles} articles")
            )
            continue
        if article.id in ids:  # an explicit id given twice: keep both, make the second unique
            article = replace(article, id=f"{article.id}~{len(kept)}")
        ids.add(article.id)
        by_text[fingerprint] = article
        kept.append(article)
    if not kept:
        raise no_usable_article(skipped)
    warnings: tuple[str, ...] = ()
    if len(kept) == 1:
        warnings = ("only one article: no claim can be corroborated by another source",)
    meta = dict(meta or {})
    seen = _seen_story(story_id, meta.pop("seen", None), config)
    if isinstance(seen, str):
        warnings = (*warnings, seen)
        seen = None
    return Story(
        id=story_id,
        articles=tuple(kept),
        skipped=tuple(skipped),
        warnings=warnings,
        meta=meta,
        query=cluster_question(meta),
        seen=seen,
    )


def cluster_question(record: Mapping[str, Any]) -> str | None:
    """The question a cluster asks: its ``query`` string, or its DUC-style ``topic`` (a
    ``title`` and a ``narrative``, the narrative phrasing what the summary should cover)."""
    query = record.get("query")
    if isinstance(query, str) and query.strip():
        return query.strip()
    topic = record.get("topic")
    if isinstance(topic, Mapping):
        parts = [topic.get(k) for k in ("title", "narrative")]
        text = " ".join(
            p.strip().rstrip(".") + "." for p in parts if isinstance(p, str) and p.strip()
        )
        return text or None
    if isinstance(topic, str) and topic.strip():
        return topic.strip()
    return None


def _seen_story(story_id: str, documents: Any, config: SummaryConfig) -> Story | str | None:
    """The articles a cluster's ``seen`` field lists (already read), or a warning saying why
    they cannot be used."""
    if documents is None:
        return None
    if not isinstance(documents, list):
        return "'seen' is not a list of documents: the brief is not an update"
    if not documents:
        return None
    try:
        return story_from_cluster(
            {"id": f"{story_id} (read)", "documents": documents},
            origin=f"{story_id} seen",
            config=config,
        )
    except InputError as exc:
        return f"no article already read could be used ({exc}): the brief is not an update"


def no_usable_article(skipped: Sequence[Skipped]) -> InputError:
    """The error for an input that left no article, naming the first reasons."""
    reasons = "; ".join(f"{s.input}: {s.reason}" for s in skipped[:5]) or "nothing to read"
    more = f" (and {len(skipped) - 5} more)" if len(skipped) > 5 else ""
    return InputError(f"no usable article in the input: {reasons}{more}")


# -- paths ------------------------------------------------------------------------------------


def _read_path(
    path: Path,
    cluster: str | None,
    config: SummaryConfig,
    collected: _Collected,
    split: bool | None = None,
) -> tuple[str, dict[str, Any]] | None:
    origin = display_name(path)
    if path.is_dir():
        try:
            entries = sorted(p for p in path.iterdir() if not p.name.startswith("."))
        except OSError as exc:
            collected.skipped.append(Skipped(origin, f"cannot read: {exc.strerror or exc}"))
            return None
        if not entries:
            collected.skipped.append(Skipped(origin, "empty folder"))
        for entry in entries:
            problem = _not_an_article_file(entry)
            if problem is not None:
                collected.skipped.append(Skipped(display_name(entry), problem))
            else:
                _read_path(entry, cluster, config, collected, split)
        return None
    if _kind(path) == "jsonl":
        return _read_jsonl_file(path, cluster, config, collected)
    limit = _byte_limit(config)
    try:
        data = read_bounded(path, limit)
    except OSError as exc:
        collected.skipped.append(Skipped(origin, f"cannot read: {exc.strerror or exc}"))
        return None
    if _too_large(len(data), origin, config, collected):
        return None
    fields = {"source": display_name(path.name)}
    split_it = _split_by_name(path) if split is None else split
    return _read_blob(data, origin, _kind(path), cluster, config, collected, fields, split=split_it)


def _split_by_name(path: Path) -> bool:
    """Whether a file's name says it holds Multi-News articles separated by ``|||||``."""
    return MULTINEWS_SUFFIX in (suffix.lower() for suffix in path.suffixes)


def _not_an_article_file(entry: Path) -> str | None:
    """Why an entry of a folder is not read, or ``None`` when it is an article file.

    Only regular files are opened: a FIFO would block the run and a device never end.
    """
    try:
        mode = entry.stat().st_mode  # follows links
    except OSError as exc:
        if entry.is_symlink():
            if exc.errno == errno.ELOOP:
                return "symbolic link loop"
            if exc.errno == errno.ENOENT:
                return "dangling symbolic link"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return "sub-folders are not read"
    if _kind(entry) is None:
        return f"not an article file ({display_name(entry.suffix) or 'no suffix'})"
    if not stat.S_ISREG(mode):
        return f"not a regular file ({_file_type(mode)})"
    return None


def _file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


# Standard input may hold a whole JSONL cluster, not one article: it may be this large, or as
# large as an article file, whichever is more.
STDIN_BYTES = 64 * 1024 * 1024


def read_stdin(stream: BinaryIO, config: SummaryConfig | None = None) -> bytes:
    """All of standard input (or any stream), up to a limit: ``summarize - < /dev/zero``
    must end. Raises :class:`InputError` over the limit."""
    limit = max(STDIN_BYTES, _byte_limit(config or SummaryConfig()))
    data = read_bounded(stream, limit)
    if len(data) > limit:
        raise InputError(f"standard input is over the limit of {limit} bytes")
    return data


def _byte_limit(config: SummaryConfig) -> int:
    return config.max_article_chars * 4  # a UTF-8 character takes at most four bytes


def _too_large(size: int, origin: str, config: SummaryConfig, collected: _Collected) -> bool:
    """Skip, with the reason, a file too large to hold an article within the length limit."""
    limit = _byte_limit(config)
    if size > limit:
        collected.skipped.append(Skipped(origin, f"file too large ({size} bytes > {limit})"))
    return size > limit


def _kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "markdown" if suffix in {".md", ".markdown"} else "text"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return None


def _read_jsonl_file(
    path: Path, cluster: str | None, config: SummaryConfig, collected: _Collected
) -> tuple[str, dict[str, Any]]:
    records: list[tuple[int, dict[str, Any]]] = []
    for number, record in iter_clusters(path):
        if isinstance(record, InputError):
            raise record
        if cluster is None or str(record.get("id")) == cluster:
            records.append((number, record))
    if not records:
        wanted = f"no cluster with id {cluster!r}" if cluster else "no cluster"
        raise InputError(f"{display_name(path)}: {wanted}{_some_ids(path, cluster)}")
    if len(records) > 1:
        shown = ", ".join(repr(str(r.get("id"))) for _, r in records[:3])
        more = ", ..." if len(records) > 3 else ""
        raise InputError(
            f"{display_name(path)} holds {len(records)} clusters ({shown}{more}); choose one "
            f"with --cluster ID ('newsdesk clusters {display_name(path)}' lists them; "
            "'newsdesk batch' summarizes all)"
        )
    number, record = records[0]
    return _read_cluster(record, f"{display_name(path)}:{number}", config, collected)


def _some_ids(path: Path, wanted: str | None) -> str:
    """A few ids of a file's clusters, to say what ``--cluster`` could be."""
    if wanted is None:
        return ""
    ids = [c.id for c in itertools.islice(list_clusters(path), 3)]
    return f" (it has {', '.join(repr(i) for i in ids)}, ...: 'newsdesk clusters' lists them)"


def list_clusters(path: str | Path) -> Iterator[ClusterInfo]:
    """What ``newsdesk clusters`` lists: each cluster of a JSONL file with its line, id,
    number of documents and first headline (its first document's title, else its first line).
    A line that is not a cluster is passed over."""
    for number, record in iter_clusters(path):
        if isinstance(record, InputError):
            continue
        documents = record["documents"]
        yield ClusterInfo(
            line=number,
            id=str(record.get("id")) if record.get("id") is not None else None,
            articles=len(documents),
            headline=_headline(documents[0]) if documents else "",
        )


HEADLINE_CHARS = 80


def _headline(document: object) -> str:
    if isinstance(document, Mapping):
        title = document.get("title")
        if isinstance(title, str) and title.strip():
            return _clip(" ".join(normalise_text(title).split()))
        document = document.get("text") or document.get("html") or ""
    if not isinstance(document, str):
        return ""
    text = normalise_text(document.replace("NEWLINE_CHAR", "\n"))
    first = next((line for line in text.splitlines() if line.strip()), "")
    return _clip(" ".join(first.split()))


def _clip(text: str) -> str:
    return text if len(text) <= HEADLINE_CHARS else text[: HEADLINE_CHARS - 1] + "\u2026"


def _read_cluster(
    record: Mapping[str, Any],
    origin: str,
    config: SummaryConfig,
    collected: _Collected,
    document_names: str | None = None,
) -> tuple[str, dict[str, Any]]:
    documents = record.get("documents")
    if not isinstance(documents, list):
        raise InputError(f"{origin}: expected an object with a 'documents' list")
    doc_ids = record.get("doc_ids")
    doc_ids = doc_ids if isinstance(doc_ids, list) and len(doc_ids) == len(documents) else None
    for position, document in enumerate(documents):
        # Counted from 1, as citations are; a document without a label of its own is
        # "document N" of its cluster whatever was skipped before it.
        number = position + 1
        where = f"{origin}#{number}"
        if document_names is not None:
            label = document.get("source") if isinstance(document, Mapping) else None
            where = (
                label if isinstance(label, str) and label.strip() else f"{document_names} {number}"
            )
        fallback = f"document {number}"
        if isinstance(document, str):
            published = _newswire_date(doc_ids[position]) if doc_ids else None
            fields = {"published": published} if published else {}
            _add_text(document, where, "text", fields, config, collected, fallback)
        elif isinstance(document, Mapping):
            body = document.get("html") if document.get("text") is None else document.get("text")
            kind = "text" if document.get("text") is not None else "html"
            if not isinstance(body, str):
                collected.skipped.append(Skipped(where, "document has no 'text' or 'html' string"))
                continue
            _add_text(body, where, kind, document, config, collected, fallback)
        else:
            collected.skipped.append(
                Skipped(where, f"document is a {type(document).__name__}, not text")
            )
    meta = {k: v for k, v in record.items() if k not in {"id", "documents"}}
    # Without an id of its own, a cluster is named by its articles, as files are.
    given = record.get("id")
    return str(given) if given is not None else _story_id(collected.articles), meta


# A newswire document id names its day: "APW19990707.0181", "NYT19981010.0215",
# "XIE19970302.0012" (the LDC/DUC/TAC convention).
_NEWSWIRE_ID = re.compile(r"^[A-Z]{3}(?:_ENG_)?(\d{4})(\d{2})(\d{2})\.\d{4}$")


def _newswire_date(doc_id: object) -> str | None:
    """The publication day an LDC newswire document id names, as ISO text (None: no such id)."""
    match = _NEWSWIRE_ID.match(doc_id) if isinstance(doc_id, str) else None
    return "-".join(match.groups()) if match else None


# -- one blob of bytes ------------------------------------------------------------------------


def _read_blob(
    data: bytes,
    origin: str,
    kind: str | None,
    cluster: str | None,
    config: SummaryConfig,
    collected: _Collected,
    fields: Mapping[str, Any] | None = None,
    *,
    split: bool = False,
) -> tuple[str, dict[str, Any]] | None:
    fields = dict(fields or {})
    decoded = _decode(data, origin, collected)
    if decoded is None:
        return None
    text, encoding = decoded
    fields["encoding"] = encoding
    if kind is None:  # standard input: guess the format from the content
        stripped = text.lstrip()
        if stripped.startswith("{"):
            return _read_jsonl_text(text, origin, cluster, config, collected)
        kind = "html" if _HTML_START.match(text) else "text"
    if split and kind in {"text", "markdown"} and MULTINEWS_SEPARATOR in text:
        parts = text.replace("NEWLINE_CHAR", "\n").split(MULTINEWS_SEPARATOR)
        for number, part in enumerate(parts, 1):
            # Each part is labelled as the skip notes name it: "mn1.src#2".
            label = f"{fields['source']}#{number}" if fields.get("source") else None
            part_fields = {**fields, "source": label} if label else fields
            where = f"{origin}#{number}"
            _add_text(part, where, kind, part_fields, config, collected, f"document {number}")
        return None
    _add_text(text, origin, kind, fields, config, collected)
    return None


def _read_jsonl_text(
    text: str, origin: str, cluster: str | None, config: SummaryConfig, collected: _Collected
) -> tuple[str, dict[str, Any]]:
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        record = load_json(line, f"{origin}:{number}")
        if isinstance(record, InputError):
            raise record
        if not isinstance(record, dict):
            raise InputError(f"{origin}:{number}: expected an object with 'documents'")
        if cluster is None or str(record.get("id")) == cluster:
            records.append((number, record))
    if len(records) != 1:
        shown = ", ".join(repr(str(r.get("id"))) for _, r in records[:3])
        more = ", ..." if len(records) > 3 else ""
        some = f" ({shown}{more})" if records else ""
        raise InputError(
            f"{origin} holds {len(records)} matching clusters{some}; expected exactly one "
            "(choose with --cluster ID)"
        )
    number, record = records[0]
    return _read_cluster(record, f"{origin}:{number}", config, collected)


# Byte-order marks, longest first (UTF-32's starts as UTF-16's does).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# A character of two to four bytes in UTF-8: found beside bytes that are not UTF-8, it says the
# file mixes UTF-8 with a single-byte encoding (text pasted together from two sources).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
MIXED_FALLBACK = "cp1252"


def _decode(data: bytes, origin: str, collected: _Collected) -> tuple[str, str] | None:
    """Text of ``data``: by its byte-order mark, else as UTF-8, else (bytes of UTF-8 mixed with
    others) UTF-8 with the others read as cp1252, else in the encoding detected."""
    if not data.strip():
        collected.skipped.append(Skipped(origin, "empty"))
        return None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                collected.skipped.append(Skipped(origin, f"not valid {encoding} text"))
                return None
            if "\x00" in text:
                collected.skipped.append(Skipped(origin, "binary file (contains NUL), not text"))
                return None
            return text, encoding.removesuffix("-sig")
    if b"\x00" in data:
        collected.skipped.append(Skipped(origin, "binary file (contains NUL bytes), not text"))
        return None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTIBYTE.search(data):
        logger.info("%s mixes UTF-8 and other bytes; read those as %s", origin, MIXED_FALLBACK)
        return data.decode("utf-8", errors=_MIXED_ERRORS), f"utf-8+{MIXED_FALLBACK}"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        collected.skipped.append(Skipped(origin, "not text in any known encoding"))
        return None
    encoding = str(best.encoding)
    # Single-byte Latin encodings are often indistinguishable by statistics; unlabelled Western
    # news text is overwhelmingly windows-1252 (which browsers also assume for latin-1).
    if encoding != "cp1252" and _decodes(data, "cp1252") and _single_byte(encoding):
        encoding = "cp1252"
    logger.info("%s is not UTF-8; decoded as %s", origin, encoding)
    return data.decode(encoding, errors="replace"), encoding


def decode_text(data: bytes, origin: str) -> tuple[str, str] | Skipped:
    """``data`` read as an article file is (by :func:`_decode`): its text and encoding, or why
    it is no text (empty, binary, undecodable). For other readers of text, such as a draft."""
    collected = _Collected()
    decoded = _decode(data, origin, collected)
    return decoded if decoded is not None else collected.skipped[-1]


def _read_as_fallback(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: bytes that are not UTF-8 are read as cp1252 (its five unused
    bytes as U+FFFD)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bytes(bad).decode(MIXED_FALLBACK, errors="replace"), error.end


_MIXED_ERRORS = "newsdesk-mixed-utf8"
codecs.register_error(_MIXED_ERRORS, _read_as_fallback)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _single_byte(encoding: str) -> bool:
    return encoding.startswith(("cp125", "iso8859", "latin", "mac_", "cp437", "cp850"))


def _add_text(
    body: str,
    origin: str,
    kind: str,
    fields: Mapping[str, Any],
    config: SummaryConfig,
    collected: _Collected,
    fallback: str | None = None,
) -> None:
    if len(body) > config.max_article_chars:
        collected.skipped.append(
            Skipped(
                origin, f"article too long ({len(body)} characters > {config.max_article_chars})"
            )
        )
        return
    title = _string(fields.get("title"))
    url = _string(fields.get("url"))
    published = _string(fields.get("published"))
    if kind == "html":
        extracted = _extract_html(body)
        if extracted is None:
            collected.skipped.append(Skipped(origin, "HTML page with no article text"))
            return
        body = extracted["text"]
        title = title or _string(extracted.get("title"))
        url = url or _string(extracted.get("url"))
        published = published or _string(extracted.get("date"))
    elif kind == "markdown":
        body = _markdown_to_text(body)
    body = normalise_text(body)
    if not body.strip():
        collected.skipped.append(Skipped(origin, "empty"))
        return
    text = body.strip("\n")
    given_id = _string(fields.get("id"))
    article_id = given_id or "a" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    source = (
        _string(fields.get("source"))
        or title
        or (_host(url) if url else None)
        or fallback
        or f"document {len(collected.articles) + 1}"
    )
    meta = {k: v for k, v in fields.items() if k not in DOCUMENT_FIELDS and k != "encoding"}
    collected.articles.append(
        Article(
            id=article_id,
            text=text,
            source=source,
            origin=origin,
            title=title,
            url=url,
            published=published,
            encoding=str(fields.get("encoding", "utf-8")),
            meta=meta,
        )
    )


def _extract_html(html: str) -> dict[str, str] | None:
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        logger.info("HTML extraction failed: %s", exc)
        return None
    text = getattr(document, "text", None) if document is not None else None
    if not text or len(text.split()) < MIN_HTML_ARTICLE_WORDS:
        return None
    found = {"text": str(text)}
    for name in ("title", "url", "date"):
        value = getattr(document, name, None)
        if value:
            found[name] = str(value)
    return found


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
_MD_DELIMITERS = ("**", "__", "*", "_")  # tried in this order at each position


def _markdown_to_text(text: str) -> str:
    """Markdown as plain text: headings' marks, links (their text kept) and emphasis removed.

    Linear in the length of the text, whatever it holds: the links and emphasis are found
    by one pass each with precomputed positions, where regular expressions rescan the rest of
    the line from every opener that has no closer (``'*a ' * 33000`` took 53 s).
    """
    text = _MD_HEADING.sub("", text)
    return _strip_emphasis(_strip_links(text))


def _strip_links(text: str) -> str:
    """``[label](target)`` and ``![alt](target)`` become their label: what
    ``!?\\[([^\\]]*)\\]\\([^)]*\\)`` replaces with its group, in one pass."""
    if "](" not in text:
        return text
    out: list[str] = []
    done = 0  # text[:done] is in out
    position = 0
    while (start := text.find("[", position)) != -1:
        close = text.find("]", start + 1)
        if close == -1:
            break  # no "]" after this "[", so none after any later one
        if not text.startswith("(", close + 1):
            position = close + 1  # a "[" before this "]" closes here too, and fails too
            continue
        end = text.find(")", close + 2)
        if end == -1:
            break  # no ")" after this one, so none after any later one
        opening = start - 1 if start > done and text[start - 1] == "!" else start
        out.append(text[done:opening])
        out.append(text[start + 1 : close])
        done = position = end + 1
    out.append(text[done:])
    return "".join(out)


def _strip_emphasis(text: str) -> str:
    """Emphasis marks removed, as ``(\\*\\*|__|\\*|_)(?=\\S)(.+?)(?<=\\S)\\1`` replaced with
    its second group would, but in linear time: each opener looks up its nearest closer on
    the line (a delimiter preceded by a non-space) in a sorted list, instead of rescanning."""
    if "*" not in text and "_" not in text:
        return text
    closers = {d: _closer_positions(text, d) for d in _MD_DELIMITERS}
    out: list[str] = []
    done = 0  # text[:done] is in out, and no match starts before it
    line_end = -1
    for match in _MD_MARK.finditer(text):
        position = match.start()
        if position < done:
            continue
        if position > line_end:
            line_end = text.find("\n", position)
            line_end = len(text) if line_end == -1 else line_end
        for delimiter in _MD_DELIMITERS:
            inner = position + len(delimiter)
            if not text.startswith(delimiter, position) or inner >= len(text):
                continue
            if text[inner].isspace():
                continue
            candidates = closers[delimiter]
            index = bisect.bisect_left(candidates, inner + 1)
            if index < len(candidates) and candidates[index] < line_end:
                close = candidates[index]
                out.append(text[done:position])
                out.append(text[inner:close])
                done = close + len(delimiter)
                break
    out.append(text[done:])
    return "".join(out)


_MD_MARK = re.compile(r"[*_]")


def _closer_positions(text: str, delimiter: str) -> list[int]:
    """Where ``delimiter`` starts right after a non-space: where emphasis may close."""
    positions = []
    start = text.find(delimiter, 1)
    while start != -1:
        if not text[start - 1].isspace():
            positions.append(start)
        start = text.find(delimiter, start + 1)
    return positions


def _string(value: Any) -> str | None:
    return normalise_text(str(value)).strip() or None if value is not None else None


def _host(url: str) -> str | None:
    match = re.match(r"^[a-z]+://([^/:?#]+)", url, re.I)
    return match.group(1) if match else None


def _story_id(articles: Sequence[Article]) -> str:
    joined = ",".join(sorted(a.id for a in articles))
    return "s" + hashlib.sha1(joined.encode("utf-8")).hexdigest()[:10]
