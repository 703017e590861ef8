"""The `llm` writer against hostile endpoints on 127.0.0.1 (issue 25): a redirect to another
origin, answers trickled a byte at a time, nesting too deep to parse, answers too large,
answers of the wrong shape, and drafts holding terminal control sequences. Each ends in the
extractive brief with a warning saying why: no key leaves, nothing hangs, nothing raises."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from conftest import EXAMPLE, FIXTURES

from newsdesk import summarize
from newsdesk.cli import main
from newsdesk.errors import ConfigError
from newsdesk.select.llm import ENV_KEY, MAX_ANSWER_BYTES
from newsdesk.types import Brief

DRAFT = json.loads((FIXTURES / "llm_drafts.json").read_text(encoding="utf-8"))["mixed"]["draft"]
KEY = "secret-key-25"
TRICKLE_SECONDS = 0.2  # between two bytes of a trickled answer


def _completion(content: Any) -> bytes:
    return json.dumps(
        {"choices": [{"message": {"role": "assistant", "content": content}}]}
    ).encode()


class Recorder(BaseHTTPRequestHandler):
    """Another origin: records every request that reaches it (none should)."""

    seen: ClassVar[list[dict[str, Any]]] = []

    def _record(self) -> None:
        Recorder.seen.append({"path": self.path, "auth": self.headers.get("Authorization")})
        payload = _completion("The other origin wrote this.")
        self.send_response(200)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _record

    def log_message(self, *args: object) -> None:
        pass


class Hostile(BaseHTTPRequestHandler):
    """POST /<behaviour>/chat/completions: answers as the behaviour says."""

    other: ClassVar[str] = ""
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        behaviour = self.path.strip("/").split("/")[0]
        getattr(self, f"_{behaviour.replace('-', '_')}")()

    def _send(self, payload: bytes, length: int | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload) if length is None else length))
        self.end_headers()
        self.wfile.write(payload)

    def _redirect(self) -> None:
        self.send_response(302)
        self.send_header("Location", f"{Hostile.other}/v1/chat/completions")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _redirect_307(self) -> None:  # keeps the method and body: the worst case
        self.send_response(307)
        self.send_header("Location", f"{Hostile.other}/v1/chat/completions")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _trickle_body(self) -> None:
        payload = _completion(DRAFT)
        self.send_response(200)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self._trickle(payload)

    def _trickle_headers(self) -> None:
        self.wfile.write(b"HTTP/1.1 200 OK\r\n")
        self._trickle(b"X-Slow: " + b"a" * 10_000 + b"\r\n\r\n")

    def _trickle(self, data: bytes) -> None:
        for i in range(len(data)):
            try:
                self.wfile.write(data[i : i + 1])
                self.wfile.flush()
            except OSError:
                return  # the client gave up: what it should do
            time.sleep(TRICKLE_SECONDS)

    def _deep(self) -> None:
        self._send(b'{"choices": ' + b"[" * 200_000 + b"]" * 200_000 + b"}")

    def _huge(self) -> None:  # over the limit, and says so
        self._send(b" " * (MAX_ANSWER_BYTES + 10))

    def _huge_undeclared(self) -> None:  # over the limit, saying less
        self.send_response(200)
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b'{"choices": [{"message": {"content": "' + b"a" * 2_000_000 + b'"}}]}')
        self.close_connection = True

    def _long_draft(self) -> None:  # within the byte limit, over the draft's
        self._send(_completion("The summit was held. " * 40_000))

    def _shape_list(self) -> None:
        self._send(b"[1, 2, 3]")

    def _shape_choices(self) -> None:
        self._send(b'{"choices": {"0": {"message": {"content": "x"}}}}')

    def _shape_content(self) -> None:
        self._send(_completion([{"type": "text", "text": DRAFT}]))

    def _shape_number(self) -> None:
        self._send(b'{"choices": [{"message": {"content": ' + b"9" * 5000 + b"}}]}")

    def _status_500(self) -> None:
        payload = b"boom"
        self.send_response(500, "Internal \x1b]0;pwned\x07Error")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _escapes(self) -> None:
        # The recorded draft with terminal sequences and direction overrides inside words.
        hostile = (
            DRAFT.replace("Trump", "\x1b]0;pwned\x07Trump\x1b[2J")
            .replace("Kim", "\u202eKim\u202c")
            .replace("summit", "\x1b]8;;http://evil.example/\x1b\\summit\x1b]8;;\x1b\\")
            .replace("Vietnam", "\x9b31mVietnam\x1bP1;2|x\x1b\\")
        )
        self._send(_completion(hostile))

    def log_message(self, *args: object) -> None:
        pass


def _serve(handler: type[BaseHTTPRequestHandler]) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def hostile() -> Iterator[str]:
    other, other_url = _serve(Recorder)
    Hostile.other = other_url
    server, url = _serve(Hostile)
    yield url
    for each in (server, other):
        each.shutdown()
        each.server_close()


def _brief(url: str, behaviour: str, **options: Any) -> Brief:
    return summarize([EXAMPLE], words=60, summarizer="llm", llm_url=f"{url}/{behaviour}", **options)


def _fell_back(brief: Brief, why: str) -> str:
    assert brief.summarizer == "newsdesk.v4" and brief.sentences  # the extractive brief
    [warning] = [w for w in brief.story.warnings if w.startswith("llm:")]
    assert why in warning and warning.endswith("the brief is the extractive one")
    return warning


@pytest.mark.parametrize("behaviour", ["redirect", "redirect-307"])
def test_a_redirect_is_not_followed_and_the_key_stays_here(
    hostile: str, behaviour: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 25, item 1: urllib followed a 302 to another origin with the API key."""
    monkeypatch.setenv(ENV_KEY, KEY)
    Recorder.seen.clear()
    brief = _brief(hostile, behaviour)
    warning = _fell_back(brief, "answered with a redirect")
    assert Recorder.seen == []  # the other origin heard nothing, key or no key
    assert KEY not in warning and "follows no redirect" in warning
    assert "The other origin wrote this." not in brief.text


@pytest.mark.parametrize("behaviour", ["trickle-body", "trickle-headers"])
def test_a_trickling_endpoint_meets_one_deadline_for_the_whole_call(
    hostile: str, behaviour: str
) -> None:
    """Issue 25, item 3: 120 s was each read's timeout, so a byte every 5 s held the call
    for ever; now one deadline covers connecting, headers and body."""
    started = time.monotonic()
    brief = _brief(hostile, behaviour, llm_timeout=1.0)
    elapsed = time.monotonic() - started
    _fell_back(brief, "gave no complete answer within 1 s")
    # The call's share is the deadline; the extractive brief after it takes about a second.
    assert elapsed < 8, elapsed


@pytest.mark.parametrize(
    ("behaviour", "why"),
    [
        ("deep", "gave no chat completion"),  # RecursionError in json.loads
        ("huge", "answered more than 1 MB"),
        ("huge-undeclared", "answered more than 1 MB"),
        ("long-draft", "gave a draft of 840,000 characters"),
        ("shape-list", "gave no chat completion"),
        ("shape-choices", "gave no chat completion"),
        ("shape-content", "gave no text"),
        ("shape-number", "gave no chat completion"),  # an integer of 5,000 digits
        ("status-500", "answered 500"),
    ],
)
def test_a_malformed_answer_is_no_usable_draft(hostile: str, behaviour: str, why: str) -> None:
    """Issue 25, item 6: nesting too deep escaped as RecursionError (exit 1); every answer
    that is no usable draft now falls back, saying why."""
    warning = _fell_back(_brief(hostile, behaviour), why)
    assert "\x1b" not in warning and "\x07" not in warning  # the reason phrase, cleaned


def test_the_command_falls_back_on_nesting_too_deep(
    hostile: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["summarize", str(EXAMPLE), "-s", "llm", "--llm-url", f"{hostile}/deep", "-w", "60"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() and "internal error" not in captured.err


def test_a_models_draft_is_cleaned_like_article_text(hostile: str) -> None:
    """Issue 25, item 2 (model drafts): what the model writes reaches the brief, the warnings
    and the terminal without control sequences or direction overrides."""
    brief = summarize(
        [EXAMPLE], words=120, summarizer="llm", llm_url=f"{hostile}/escapes", llm_model="m"
    )
    shown = brief.text + "\n".join(brief.story.warnings)
    for bad in ("\x1b", "\x07", "\x9b", "\u202e", "\u202c", "]0;pwned", "]8;;", "P1;2|"):
        assert bad not in shown
    assert brief.summarizer == "llm" and brief.sentences  # the cleaned draft is still used


def test_the_deadline_is_an_option_checked_in_one_place() -> None:
    with pytest.raises(ConfigError, match="llm_timeout"):
        summarize([EXAMPLE], summarizer="llm", llm_url="http://127.0.0.1:9/v1", llm_timeout=0)
    with pytest.raises(ConfigError, match="llm_timeout"):
        summarize([EXAMPLE], summarizer="llm", llm_url="http://127.0.0.1:9/v1", llm_timeout=True)
