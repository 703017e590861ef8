"""The Origin check every endpoint that acts makes: a page of another site may not use the API
unless that site is allowed (``newsdesk serve --allow-origin``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import HTTPException, Request

from newsdesk.server.config import ServerConfig


def check_origin(request: Request, config: ServerConfig) -> None:
    """Refuse (403) a request a page of another site sent, unless that site is allowed.

    Browsers send a form upload to any site without asking it first; the ``Origin`` header
    they add says which page sent it. Requests without one (curl, scripts) are not affected.
    """
    origin = request.headers.get("origin")
    if origin is None or origin in config.allow_origins:
        return
    host = request.headers.get("host", "")
    if origin != "null" and urlsplit(origin).netloc.lower() == host.lower():
        return  # the page itself
    raise HTTPException(403, f"requests from pages of {origin} are not allowed")
