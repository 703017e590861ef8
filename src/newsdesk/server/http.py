"""uvicorn as ``newsdesk serve`` runs it: limits on connections, and on time to send headers.

uvicorn closes a kept-alive connection idle after a response (``timeout_keep_alive``), but not
one that never sends a request, nor one that trickles its headers a byte at a time: thousands
of those hold file descriptors until none is left. :class:`HeaderTimeoutH11` closes a
connection whose next request has not begun within ``header_timeout`` seconds of its opening
or of its last response.
"""

from __future__ import annotations

import asyncio
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from newsdesk.server.config import ServerConfig


class HeaderTimeoutH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, with a deadline for each request's headers."""

    header_timeout = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        deadline = getattr(self, "_header_deadline", None)
        if deadline is not None:
            deadline.cancel()
        super().connection_lost(exc)

    def _arm_header_deadline(self) -> None:
        previous = getattr(self, "_header_deadline", None)
        if previous is not None:
            previous.cancel()
        cycle = self.cycle  # a new request replaces it
        self._header_deadline = self.loop.call_later(
            self.header_timeout, self._header_deadline_passed, cycle
        )

    def _header_deadline_passed(self, cycle: Any) -> None:
        if self.cycle is cycle and not self.transport.is_closing():
            self.transport.close()  # no request begun in time: nothing to answer


def uvicorn_config(app: Any, host: str, port: int, config: ServerConfig) -> uvicorn.Config:
    """The uvicorn configuration of ``newsdesk serve``."""
    protocol = type("Protocol", (HeaderTimeoutH11,), {"header_timeout": config.header_timeout})
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol,
        limit_concurrency=config.max_connections,
        timeout_keep_alive=config.keep_alive,
        timeout_graceful_shutdown=5,
        h11_max_incomplete_event_size=16 * 1024,  # request line and headers
        server_header=False,
    )
