"""The web service behind ``newsdesk serve``: the HTTP API and the page (extra ``server``).

:mod:`~newsdesk.server.config` (limits; light, read by the CLI for its defaults),
:mod:`~newsdesk.server.app` (the FastAPI app: briefs, checks, the schema, the page),
:mod:`~newsdesk.server.stories` (the desk's endpoints), :mod:`~newsdesk.server.jobs` (the
worker processes that write briefs within a time limit), :mod:`~newsdesk.server.origin` (the
cross-origin check) and :mod:`~newsdesk.server.http` (uvicorn's connection limits). FastAPI and
uvicorn are imported only when the app is built or served.
"""

from __future__ import annotations

import importlib.util
import logging
from typing import TYPE_CHECKING

from newsdesk.errors import MaskSecrets, MissingExtraError
from newsdesk.server.config import ServerConfig

if TYPE_CHECKING:
    from fastapi import FastAPI

REQUIRED = ("fastapi", "fastapi_offline", "multipart", "pebble", "uvicorn")

__all__ = ["ServerConfig", "create_app", "serve"]


def create_app(config: ServerConfig | None = None) -> FastAPI:
    """The ASGI application of ``newsdesk serve`` (its workers start with its lifespan)."""
    if any(importlib.util.find_spec(name) is None for name in REQUIRED):
        raise MissingExtraError("newsdesk serve", "server")
    from newsdesk.server.app import build_app

    return build_app(config or ServerConfig())


def serve(host: str = "127.0.0.1", port: int = 8000, config: ServerConfig | None = None) -> None:
    """Serve the API and the page until interrupted. The address is taken before anything
    starts: one that cannot be (a port in use, an unknown host) is a :class:`ConfigError`."""
    config = config or ServerConfig()
    app = create_app(config)
    import uvicorn

    from newsdesk.server.http import listen, uvicorn_config

    listening = listen(host, port)
    server = uvicorn.Server(uvicorn_config(app, host, port, config))
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        for handler in logging.getLogger(name).handlers:
            handler.addFilter(MaskSecrets())
    server.run(sockets=[listening])
