"""Limits of the web service, validated in one place like :class:`newsdesk.SummaryConfig`."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

from newsdesk.config import LIMITS as SUMMARY_LIMITS
from newsdesk.errors import ConfigError

# name -> (lowest, highest) of every whole-number limit.
LIMITS: dict[str, tuple[int, int]] = {
    "max_body_bytes": (1_024, 1_073_741_824),
    "max_articles": (1, 10_000),
    "max_article_chars": SUMMARY_LIMITS["max_article_chars"],
    "max_total_chars": (1_000, 1_000_000_000),
    "max_words": SUMMARY_LIMITS["words"],
    "workers": (1, 256),
    "max_pending": (1, 100_000),
    "max_connections": (16, 100_000),
    "keep_alive": (1, 600),  # seconds (uvicorn takes whole ones)
}
# name -> (lowest, highest) of every limit in seconds.
SECONDS: dict[str, tuple[float, float]] = {
    "timeout": (0.01, 3600),
    "header_timeout": (0.1, 600),
    "body_timeout": (0.1, 3600),
}


# Summarizers whose time or memory grows faster than their input, and the most characters a
# server gives each (benchmarks/limits.py; figures in benchmarks/RESULTS.md). Every summarizer
# writes a brief of max_total_chars (1,000,000) in at most 11 s and 700 MiB, even of sentences
# that all share their words, but TextRank: its graph links every pair of sentences sharing a
# word, 755 MiB at 250,000 such characters and growing with their square.
SUMMARIZER_MAX_CHARS: dict[str, int] = {"textrank": 250_000}


def _cores() -> int:
    return os.cpu_count() or 1


@dataclass(frozen=True)
class ServerConfig:
    """What one request may ask of ``newsdesk serve``, and how much work it takes on at once.

    A request over a limit gets a 4xx naming the limit: ``max_body_bytes`` (413),
    ``max_articles``, ``max_article_chars`` (of each article's text or HTML, or bytes of each
    uploaded file), ``max_total_chars`` (of all articles together; less for the slower
    baselines, see :meth:`max_chars`) and ``max_words`` (422). A brief not written
    ``timeout`` seconds after the request came, queueing included, is abandoned (504) and the
    worker writing it replaced; with ``max_pending`` briefs already queued or running, a new
    one is refused at once (503).
    ``workers`` processes write briefs side by side (default: one per core).

    Connections (uvicorn): at most ``max_connections`` open at once (a request over it gets
    503), a kept-alive connection closed after ``keep_alive`` idle seconds, and one whose next
    request has not begun ``header_timeout`` seconds after it opened or after its last answer
    closed (a client that connects and sends nothing, or trickles its headers), and one whose
    request body is not all in ``body_timeout`` seconds after its headers closed with a 408
    (a client that trickles its body). ``GET /healthz`` is never refused for the connection
    limit: it says whether the workers can write briefs, and how full the server is.

    Cross-origin requests: none by default (no CORS headers, and a POST whose ``Origin`` is
    another site is refused with 403, the form upload a browser sends without asking
    included); ``allow_origins`` lists the origins (``https://example.org``) whose pages may
    call the API.
    """

    max_body_bytes: int = 10 * 1024 * 1024
    max_articles: int = 100
    max_article_chars: int = 200_000
    max_total_chars: int = 1_000_000
    max_words: int = 1_000
    timeout: float = 30.0
    workers: int = field(default_factory=_cores)
    max_pending: int = 64
    max_connections: int = 1_000
    keep_alive: int = 5
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    allow_origins: tuple[str, ...] = ()
    db: str | None = None  # the desk's store (None: $NEWSDESK_DB, else ./newsdesk.db)

    def __post_init__(self) -> None:
        for name, (low, high) in LIMITS.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ConfigError(name, f"a whole number from {low} to {high}", value)
        for name, (least, most) in SECONDS.items():
            value = getattr(self, name)
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not (least <= value <= most)
            ):
                raise ConfigError(name, f"a number of seconds from {least:g} to {most:g}", value)
        if self.db is not None:
            from newsdesk.desk.store import database_url

            database_url(self.db)  # a kind of store newsdesk cannot open: said now, masked
        for origin in self.allow_origins:
            parts = urlsplit(origin) if isinstance(origin, str) else None
            if (
                parts is None
                or parts.scheme not in {"http", "https"}
                or not parts.netloc
                or parts.path
                or parts.query
            ):
                raise ConfigError(
                    "allow_origins", "origins such as https://example.org (no path)", origin
                )

    def max_chars(self, summarizer: str) -> int:
        """The most characters, all articles together, a request for ``summarizer`` may
        hold: ``max_total_chars``, less for the baselines whose cost grows faster than the
        text (:data:`SUMMARIZER_MAX_CHARS`)."""
        from newsdesk import registry

        name = registry.resolve(summarizer) if summarizer in registry.available() else summarizer
        return min(self.max_total_chars, SUMMARIZER_MAX_CHARS.get(name, self.max_total_chars))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
