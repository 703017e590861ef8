"""``newsdesk serve``: the HTTP API and the page (:mod:`newsdesk.server`).

Its options' defaults come from :class:`~newsdesk.server.config.ServerConfig`; FastAPI and
uvicorn are imported when the command runs.
"""

from __future__ import annotations

from typing import Any

import click

from newsdesk.cli.common import Command
from newsdesk.server.config import ServerConfig


@click.command("serve", cls=Command)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option("--workers", type=int, help="Processes writing briefs (default: one per core).")
@click.option(
    "--timeout",
    type=float,
    default=ServerConfig.timeout,
    show_default=True,
    help="Seconds a brief may take (504 after).",
)
@click.option(
    "--max-body-bytes",
    type=int,
    default=ServerConfig.max_body_bytes,
    show_default=True,
    help="Largest request body (413 above).",
)
@click.option(
    "--max-articles",
    type=int,
    default=ServerConfig.max_articles,
    show_default=True,
    help="Articles in one request (422 above).",
)
@click.option(
    "--max-article-chars",
    type=int,
    default=ServerConfig.max_article_chars,
    show_default=True,
    help="Characters of one article's text or HTML, or bytes of an uploaded file (422 above).",
)
@click.option(
    "--max-total-chars",
    type=int,
    default=ServerConfig.max_total_chars,
    show_default=True,
    help="Characters of all articles of a request together (less for slow baselines).",
)
@click.option(
    "--max-words",
    type=int,
    default=ServerConfig.max_words,
    show_default=True,
    help="Largest word budget a request may ask for (422 above).",
)
@click.option(
    "--max-pending",
    type=int,
    default=ServerConfig.max_pending,
    show_default=True,
    help="Briefs queued or running before new ones get 503.",
)
@click.option(
    "--max-connections",
    type=int,
    default=ServerConfig.max_connections,
    show_default=True,
    help="Open connections at once (503 above).",
)
@click.option(
    "--keep-alive",
    type=int,
    default=ServerConfig.keep_alive,
    show_default=True,
    help="Seconds an idle kept-alive connection stays open.",
)
@click.option(
    "--header-timeout",
    type=float,
    default=ServerConfig.header_timeout,
    show_default=True,
    help="Seconds a connection has to begin its next request (closed after).",
)
@click.option(
    "--body-timeout",
    type=float,
    default=ServerConfig.body_timeout,
    show_default=True,
    help="Seconds a request's body has to arrive after its headers (408 and closed after).",
)
@click.option(
    "--allow-origin",
    "allow_origins",
    multiple=True,
    metavar="ORIGIN",
    help="Let pages of this origin (https://example.org) call the API (CORS); repeatable. "
    "Default: none.",
)
@click.option(
    "--db",
    envvar="NEWSDESK_DB",
    metavar="PATH|URL",
    help="The desk's store for /v1/articles and /v1/stories: a SQLite file (default "
    "./newsdesk.db, or $NEWSDESK_DB) or a postgresql:// URL.",
)
def serve_command(host: str, port: int, workers: int | None, **limits: Any) -> None:
    """Serve the HTTP API and the page (needs the extra: pip install 'newsdesk[server]')."""
    from newsdesk.server import serve

    limits["allow_origins"] = tuple(limits["allow_origins"])
    if workers is not None:
        limits["workers"] = workers
    serve(host, port, ServerConfig(**limits))


COMMANDS = (serve_command,)
