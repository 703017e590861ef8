"""uvicorn as ``newsdesk serve`` runs it: limits on connections, and on time to send headers.

uvicorn closes a kept-alive connection idle after a response (``timeout_keep_alive``), but not
one that never sends a request, nor one that trickles its headers a byte at a time: thousands
of those hold file descriptors until none is left. :class:`HeaderTimeoutH11` closes a
connection whose next request has not begun within ``header_timeout`` seconds of its opening
or of its last response.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from newsdesk.errors import ConfigError
from newsdesk.server.config import ServerConfig

BACKLOG = 2048  # uvicorn's default


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


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on ``host``:``port`` (as uvicorn would open it), or a
    :class:`ConfigError` saying why there can be none: a port out of range or in use, a host
    unknown or not this machine's."""
    if not 0 <= port <= 65535:
        raise ConfigError("--port", "a port number from 0 to 65535", port)
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise ConfigError("--host", f"an address of this machine ({exc})", host) from None
    listening = socket.socket(family, kind, proto)
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
        listening.listen(BACKLOG)
    except OSError as exc:
        listening.close()
        reason = exc.strerror or str(exc)
        raise ConfigError(
            "--host/--port",
            f"an address and port this server can listen on ({reason})",
            f"{host}:{port}",
        ) from None
    listening.set_inheritable(True)
    return listening
