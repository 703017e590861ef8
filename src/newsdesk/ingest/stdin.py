"""Standard input: read whole, up to a limit (``summarize - < /dev/zero`` must end).

What it holds (text, HTML, a JSONL cluster) is told by its content when it is read
(:func:`newsdesk.ingest.paths.read_story` with the path ``"-"``).
"""

from __future__ import annotations

from typing import BinaryIO

from newsdesk.config import SummaryConfig
from newsdesk.errors import InputError
from newsdesk.files import read_bounded
from newsdesk.ingest.decode import byte_limit

# Standard input may hold a whole JSONL cluster, not one article: it may be this large, or as
# large as an article file, whichever is more.
STDIN_BYTES = 64 * 1024 * 1024


def read_stdin(stream: BinaryIO, config: SummaryConfig | None = None) -> bytes:
    """All of standard input (or any stream), up to a limit: ``summarize - < /dev/zero``
    must end. Raises :class:`InputError` over the limit."""
    limit = max(STDIN_BYTES, byte_limit(config or SummaryConfig()))
    data = read_bounded(stream, limit)
    if len(data) > limit:
        raise InputError(f"standard input is over the limit of {limit} bytes")
    return data
