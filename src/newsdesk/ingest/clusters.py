"""JSONL clusters: files of one cluster a line (``{"id", "documents": [...]}``), streamed.

A document is a string or an object with ``text`` or ``html`` and optional ``id``, ``title``,
``source``, ``url``, ``published``. Lines are read one at a time and bounded
(:data:`MAX_LINE_BYTES`), so memory does not grow with the file.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from newsdesk.config import SummaryConfig
from newsdesk.errors import InputError, MissingOptionError
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
    """The one cluster of a JSONL file, or the one ``cluster`` names (see :func:`choose`)."""
    name = display_name(path)
    number, record = choose(iter_clusters(path), cluster, name, lambda: _some_ids(path, cluster))
    return read_cluster(record, f"{name}:{number}", config, collected)


def read_jsonl_text(
    text: str, origin: str, cluster: str | None, config: SummaryConfig, collected: Collected
) -> tuple[str, dict[str, Any]]:
    """As :func:`read_jsonl_file`, for a JSONL text (standard input, an upload)."""
    lines = (
        (number, parse_cluster_line(line, f"{origin}:{number}"))
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    )
    number, record = choose(lines, cluster, origin, lambda: "")
    return read_cluster(record, f"{origin}:{number}", config, collected)


def choose(
    records: Iterable[tuple[int, dict[str, Any] | InputError]],
    cluster: str | None,
    name: str,
    some_ids: Callable[[], str],
) -> tuple[int, dict[str, Any]]:
    """The cluster ``cluster`` names, by its id or by its number (``"2"``: the second, as
    ``newsdesk clusters`` numbers them; an id that is a number wins over a position), or the
    only cluster when none is named. Several clusters and no ``cluster`` is a usage error
    (the option is missing); a line that is not a cluster, or a name no cluster answers to,
    is an input error. Only the matching records are kept in memory."""
    position = int(cluster) if cluster is not None and cluster.isdigit() else None
    matches: list[tuple[int, dict[str, Any]]] = []
    at_position: tuple[int, dict[str, Any]] | None = None
    count = 0
    for number, record in records:
        if isinstance(record, InputError):
            raise record
        count += 1
        if cluster is None or str(record.get("id")) == cluster:
            matches.append((number, record))
        elif count == position:
            at_position = (number, record)
    if not matches and at_position is not None:
        return at_position
    if not matches:
        if cluster is None:
            raise InputError(f"{name}: no cluster")
        wanted = f"no cluster with id {cluster!r}"
        if position is not None:
            wanted += f" and no cluster number {position} (it has {count})"
        raise InputError(f"{name}: {wanted}{some_ids()}")
    if len(matches) > 1:
        shown = ", ".join(repr(str(r.get("id"))) for _, r in matches[:3])
        more = ", ..." if len(matches) > 3 else ""
        if cluster is None:
            raise MissingOptionError(
                "--cluster",
                f"{name} holds {len(matches)} clusters ({shown}{more}); choose one with "
                f"--cluster ID or --cluster N, its number ('newsdesk clusters {name}' lists "
                "them; 'newsdesk batch' summarizes all)",
            )
        raise InputError(
            f"{name} holds {len(matches)} clusters with id {cluster!r}; ids must differ"
        )
    return matches[0]


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
