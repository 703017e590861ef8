"""Paths and folders: files on disk (and in memory) into one story.

Reads ``.txt``, ``.md`` and ``.html`` files (a folder: every such file in it, sorted by name;
only regular files are opened), Multi-News style text (articles separated by ``|||||``: a file
whose name says so, by its ``.src`` suffix as in the Multi-News release, or any text with
``split=True``), JSONL clusters (:mod:`newsdesk.ingest.clusters`) and ``"-"``, standard input,
whose format its content tells.

Nothing is dropped silently: an input that cannot be used becomes a :class:`Skipped` with the
reason.
"""

from __future__ import annotations

import errno
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from newsdesk.config import SummaryConfig
from newsdesk.errors import ConfigError, InputError
from newsdesk.files import display_name, read_bounded
from newsdesk.ingest.clusters import JSONL_SUFFIXES, read_jsonl_file, read_jsonl_text
from newsdesk.ingest.decode import byte_limit, decode, too_large
from newsdesk.ingest.html import HTML_START, HTML_SUFFIXES
from newsdesk.ingest.story import Collected, add_text, finish_story, story_id_of
from newsdesk.types import Skipped, Story

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}


MULTINEWS_SEPARATOR = "|||||"


# A file named like the Multi-News release's (``train.src``, ``test.src.cleaned``) holds
# articles separated by MULTINEWS_SEPARATOR; any other file is one article, marker or not.
MULTINEWS_SUFFIX = ".src"


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
    collected = Collected()
    story_id: str | None = None
    meta: dict[str, Any] = {}
    for raw_path in paths:
        if str(raw_path) == "-":
            data = stdin if stdin is not None else b""
            # No file name to label by: an article that names no outlet is "document N"
            # ("<stdin>" names where it came from in skip notes, not who wrote it).
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
        story_id = story_id_of(collected.articles)
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
    collected = Collected()
    story_id: str | None = None
    meta: dict[str, Any] = {}
    for name, data in files:
        kind = _kind(Path(name))
        if too_large(len(data), name, config, collected):
            continue
        fields = {"name": name}
        found = _read_blob(
            data,
            name,
            None if kind == "jsonl" else kind,
            None,
            config,
            collected,
            fields,
            split=split_by_name(Path(name)),
        )
        if found is not None and story_id is None:
            story_id, meta = found
    return finish_story(
        story_id or story_id_of(collected.articles),
        collected.articles,
        collected.skipped,
        config,
        meta,
    )


def _read_path(
    path: Path,
    cluster: str | None,
    config: SummaryConfig,
    collected: Collected,
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
        return read_jsonl_file(path, cluster, config, collected)
    limit = byte_limit(config)
    try:
        data = read_bounded(path, limit)
    except OSError as exc:
        collected.skipped.append(Skipped(origin, f"cannot read: {exc.strerror or exc}"))
        return None
    if too_large(len(data), origin, config, collected):
        return None
    fields = {"name": display_name(path.name)}
    split_it = split_by_name(path) if split is None else split
    return _read_blob(data, origin, _kind(path), cluster, config, collected, fields, split=split_it)


def split_by_name(path: Path) -> bool:
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


def _kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "markdown" if suffix in {".md", ".markdown"} else "text"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return None


def _read_blob(
    data: bytes,
    origin: str,
    kind: str | None,
    cluster: str | None,
    config: SummaryConfig,
    collected: Collected,
    fields: Mapping[str, Any] | None = None,
    *,
    split: bool = False,
) -> tuple[str, dict[str, Any]] | None:
    fields = dict(fields or {})
    decoded = decode(data, origin, collected)
    if decoded is None:
        return None
    text, encoding = decoded
    fields["encoding"] = encoding
    if kind is None:  # standard input: guess the format from the content
        stripped = text.lstrip()
        if stripped.startswith("{"):
            return read_jsonl_text(text, origin, cluster, config, collected)
        kind = "html" if HTML_START.match(text) else "text"
    if split and kind in {"text", "markdown"} and MULTINEWS_SEPARATOR in text:
        parts = text.replace("NEWLINE_CHAR", "\n").split(MULTINEWS_SEPARATOR)
        for number, part in enumerate(parts, 1):
            # Each part is named as the skip notes name it: "mn1.src#2".
            label = f"{fields['name']}#{number}" if fields.get("name") else None
            part_fields = {**fields, "name": label} if label else fields
            where = f"{origin}#{number}"
            add_text(part, where, kind, part_fields, config, collected, f"document {number}")
        return None
    add_text(text, origin, kind, fields, config, collected)
    return None
