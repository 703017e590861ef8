"""JSONL clusters: files of one cluster a line (``{"id", "documents": [...]}``), streamed.

A document is a string or an object with ``text`` or ``html`` and optional ``id``, ``title``,
``source``, ``url``, ``published``. Lines are read one at a time and bounded
(:data:`MAX_LINE_BYTES`), so memory does not grow with the file.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from newsdesk.config import SummaryConfig
from newsdesk.errors import InputError
from newsdesk.files import display_name
from newsdesk.ingest.decode import normalise_text
from newsdesk.ingest.story import Collected, read_cluster
from newsdesk.types import ClusterInfo

JSONL_SUFFIXES = {".jsonl", ".ndjson"}


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


def read_jsonl_file(
    path: Path, cluster: str | None, config: SummaryConfig, collected: Collected
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
    return read_cluster(record, f"{display_name(path)}:{number}", config, collected)


def read_jsonl_text(
    text: str, origin: str, cluster: str | None, config: SummaryConfig, collected: Collected
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
    return read_cluster(record, f"{origin}:{number}", config, collected)


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
