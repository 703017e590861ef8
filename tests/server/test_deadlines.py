"""``newsdesk serve`` against clients that trickle their body, and a health check that tells
the truth when the server is full (issue 25, item 4); dates at the ends of the calendar over
the API (item 5)."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest
from conftest import EXAMPLE, example_text

from newsdesk.errors import ConfigError
from newsdesk.server import ServerConfig

BODY_TIMEOUT = 1.0
MAX_CONNECTIONS = 16  # the least the server takes


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, int]]:
    port = _free_port()
    command = [sys.executable, "-m", "newsdesk", "serve", "--port", str(port), "--workers", "1"]
    command += ["--body-timeout", str(BODY_TIMEOUT), "--max-connections", str(MAX_CONNECTIONS)]
    command += ["--header-timeout", "30"]  # held connections stay for the test's length
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("newsdesk serve did not start")
                time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _trickle_body(address: tuple[str, int], seconds: float) -> tuple[float, bytes]:
    """Send a request's headers, then its body a byte every 0.1 s: how long until the server
    closes the connection, and what it said."""
    connection = socket.create_connection(address)
    connection.settimeout(0.1)
    connection.sendall(
        b"POST /v1/briefs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100000\r\n\r\n{"
    )
    started, answer = time.monotonic(), b""
    try:
        while time.monotonic() - started < seconds:
            try:
                data = connection.recv(4096)
            except TimeoutError:
                try:
                    connection.sendall(b" ")
                except OSError:
                    break
                continue
            except OSError:
                break
            if not data:
                break
            answer += data
        return time.monotonic() - started, answer
    finally:
        connection.close()


def test_a_body_trickled_a_byte_at_a_time_is_cut_at_the_body_deadline(
    server: tuple[str, int],
) -> None:
    """Issue 25, item 4: --header-timeout covered the headers only; a body trickled after
    complete headers held the connection for ever."""
    lived, answer = _trickle_body(server, seconds=15)
    assert BODY_TIMEOUT - 0.2 < lived < BODY_TIMEOUT + 3, lived
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408")
    assert json.loads(body)["detail"] == "the request body did not arrive within 1 s"


def test_a_body_sent_in_time_is_served(server: tuple[str, int]) -> None:
    articles = [{"text": example_text(p.name)} for p in sorted(EXAMPLE.iterdir())[:2]]
    body = json.dumps({"articles": articles, "words": 40}).encode()
    connection = socket.create_connection(server)
    try:
        head = b"POST /v1/briefs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        connection.sendall(head + b"Content-Length: %d\r\n\r\n" % len(body))
        for start in range(0, len(body), len(body) // 4 + 1):  # in four parts, within the time
            connection.sendall(body[start : start + len(body) // 4 + 1])
            time.sleep(0.1)
        response = http.client.HTTPResponse(connection)
        response.begin()
        assert response.status == 200
        assert json.loads(response.read())["sentences"]
    finally:
        connection.close()


def test_the_health_check_answers_when_the_server_is_full(server: tuple[str, int]) -> None:
    """Issue 25, item 4: a full server answered /healthz with 503, which its documentation
    keeps for broken workers; it now answers 200 and says it is full, while other requests
    get the 503 of a full server."""
    held = [socket.create_connection(server) for _ in range(MAX_CONNECTIONS)]
    try:
        time.sleep(0.3)
        with urllib.request.urlopen(f"http://{server[0]}:{server[1]}/healthz", timeout=10) as r:
            health = json.loads(r.read())
            assert r.status == 200
        assert health["status"] == "ok" and health["full"] is True
        assert health["connections"] > health["max_connections"] == MAX_CONNECTIONS
        connection = http.client.HTTPConnection(*server, timeout=10)
        connection.request("GET", "/v1/summarizers")
        refused = connection.getresponse()
        assert refused.status == 503 and refused.getheader("Retry-After") == "1"
        assert "the server is full" in json.loads(refused.read())["detail"]
        connection.close()
    finally:
        for each in held:
            each.close()
    time.sleep(0.3)
    with urllib.request.urlopen(f"http://{server[0]}:{server[1]}/healthz", timeout=10) as r:
        assert json.loads(r.read())["full"] is False


def test_a_publication_date_at_the_end_of_the_calendar_gets_a_brief(
    server: tuple[str, int],
) -> None:
    """Issue 25, item 5, over the API: the brief and its comparison, not a 500."""
    text = example_text("002_b7be0f4736482fe2.txt") + "\nThe summit ends next Friday."
    articles = [
        {"text": text, "published": "9999-12-31"},
        {"text": example_text("001_165c52e1f2bbd996.txt"), "published": "0001-01-01"},
    ]
    connection = http.client.HTTPConnection(*server, timeout=60)
    connection.request(
        "POST",
        "/v1/briefs",
        json.dumps({"articles": articles, "compare": True}),
        {"Content-Type": "application/json"},
    )
    response = connection.getresponse()
    assert response.status == 200
    brief = json.loads(response.read())
    assert any("left out of the timeline" in n for n in brief["comparison"]["notes"])


def test_the_body_deadline_is_checked_with_the_other_limits() -> None:
    assert ServerConfig().body_timeout == 30.0
    with pytest.raises(ConfigError, match="body_timeout"):
        ServerConfig(body_timeout=0)
