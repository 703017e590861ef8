"""uvicorn as ``newsdesk serve`` runs it: limits on connections, and on time to send a request.

uvicorn closes a kept-alive connection idle after a response (``timeout_keep_alive``), but not
one that never sends a request, nor one that trickles its headers or its body a byte at a
time: thousands of those hold file descriptors until none is left, and a server full of them
answers every request with 503. :class:`DeadlineH11` closes a connection whose next request
has not begun within ``header_timeout`` seconds of its opening or of its last response, and
one whose request body is not all in ``body_timeout`` seconds after its headers (with a 408
when no answer has begun).

uvicorn refuses every request with 503 while ``limit_concurrency`` connections are open; here
the same limit spares the health check (:data:`UNLIMITED_PATHS`): ``GET /healthz`` answers
whether the workers can write briefs, full or not, and says how full the server is (the
ASGI scope carries the count under :data:`CONNECTIONS_KEY`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import Awaitable, Callable
from typing import Any

import h11
import uvicorn
from starlette.responses import JSONResponse
from uvicorn.protocols.http.h11_impl import H11Protocol

from newsdesk.errors import ConfigError
from newsdesk.server.config import ServerConfig

BACKLOG = 2048  # uvicorn's default
log = logging.getLogger(__name__)

# Requests the connection limit never refuses: the health check must tell the truth about
# the workers when the server is full, not be refused for being full.
UNLIMITED_PATHS = frozenset({"/healthz"})
# The scope key under which the protocol passes (open connections, their limit) to the app.
CONNECTIONS_KEY = "newsdesk.connections"

_App = Callable[[Any, Any, Any], Awaitable[None]]


class DeadlineH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, with a deadline for each request's headers and body, and a
    connection limit that spares the health check."""

    header_timeout = 10.0
    body_timeout = 30.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The limit is applied by _limited, where the request's path is known; uvicorn's own
        # check, made before it, would refuse the health check too.
        self._connection_limit = self.limit_concurrency
        self.limit_concurrency = None
        app: _App = self.app

        async def limited(scope: Any, receive: Any, send: Any) -> None:
            await self._limited(app, scope, receive, send)

        self.app = limited
        self._body_cycle: Any = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        for name in ("_header_deadline", "_body_deadline"):
            deadline = getattr(self, name, None)
            if deadline is not None:
                deadline.cancel()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        cycle = self.cycle
        if cycle is not None and cycle is not self._body_cycle and not self.transport.is_closing():
            self._body_cycle = cycle  # a request has begun: its body has body_timeout to come
            previous = getattr(self, "_body_deadline", None)
            if previous is not None:
                previous.cancel()
            self._body_deadline = self.loop.call_later(
                self.body_timeout, self._body_deadline_passed, cycle
            )

    async def _limited(self, app: _App, scope: Any, receive: Any, send: Any) -> None:
        limit = self._connection_limit
        if limit is not None and scope.get("type") == "http":
            # This request's own task is among self.tasks already (uvicorn counts before it).
            open_connections = len(self.connections)
            full = open_connections >= limit or len(self.tasks) - 1 >= limit
            if full and scope.get("path") not in UNLIMITED_PATHS:
                log.warning("Exceeded concurrency limit.")
                detail = f"the server is full ({limit} connections); retry in a second"
                await JSONResponse(
                    {"detail": detail}, status_code=503, headers={"Retry-After": "1"}
                )(scope, receive, send)
                return
            scope[CONNECTIONS_KEY] = (open_connections, limit)
        await app(scope, receive, send)

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

    def _body_deadline_passed(self, cycle: Any) -> None:
        """Close a connection whose request body is still coming: a 408 first when no answer
        has begun; the application, if it still waits for the body, sees the client gone."""
        if self.cycle is not cycle or not cycle.more_body or self.transport.is_closing():
            return
        if not cycle.response_started and self.conn.our_state is h11.SEND_RESPONSE:
            try:
                detail = f"the request body did not arrive within {self.body_timeout:g} s"
                message = json.dumps({"detail": detail}).encode()
                headers = [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(message)).encode()),
                    (b"connection", b"close"),
                ]
                self.transport.write(
                    self.conn.send(
                        h11.Response(status_code=408, headers=headers, reason=b"Request Timeout")
                    )
                    + (self.conn.send(h11.Data(data=message)) or b"")
                    + (self.conn.send(h11.EndOfMessage()) or b"")
                )
            except h11.LocalProtocolError:
                pass  # the state no longer allows an answer: close without one
        cycle.disconnected = True  # the app's answer, if it comes, is dropped
        cycle.message_event.set()  # a receive() waiting for the body returns: client gone
        self.transport.close()


def uvicorn_config(app: Any, host: str, port: int, config: ServerConfig) -> uvicorn.Config:
    """The uvicorn configuration of ``newsdesk serve``."""
    protocol = type(
        "Protocol",
        (DeadlineH11,),
        {"header_timeout": config.header_timeout, "body_timeout": config.body_timeout},
    )
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
