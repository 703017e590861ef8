"""The ``llm`` writer: a brief written by your own language model, held to ``newsdesk check``.

Any chat endpoint with the OpenAI interface will do (llama.cpp's ``llama-server``, Ollama,
vLLM, a hosted service): ``POST {url}/chat/completions`` with ``model`` and ``messages``,
answered with ``choices[0].message.content``. The URL and model come from the run's options
(``--llm-url``, ``--llm-model``) or from ``$NEWSDESK_LLM_URL`` / ``$NEWSDESK_LLM_MODEL``;
a key, when the endpoint wants one, from ``$NEWSDESK_LLM_API_KEY`` (sent as a bearer token;
never stored in the result, never sent anywhere but the endpoint: no redirect is followed).
The whole call has one deadline, ``--llm-timeout`` (or ``$NEWSDESK_LLM_TIMEOUT``; 120 s).
No model is bundled and nothing is downloaded.

The model sees the cleaned articles, numbered, and is asked for a brief of at most the word
budget that states only what they state. Its draft then goes through
:func:`newsdesk.check.check_prepared`, sentence by sentence: supported sentences are kept in
the draft's order, within the budget, each cited to every article that states it (the test
of the extractive brief's citations); partly supported, unsupported and contradicted ones
are dropped and listed in the brief's warnings with what is wrong. When the kept sentences
fill less than :data:`MIN_KEPT_SHARE` of the budget (or the endpoint cannot be reached, or
answers nonsense), the brief is the extractive one, and a warning says why. Decoding is
greedy (temperature 0, fixed seed) so that a deterministic server gives the same brief.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import os
import socket
import threading
import urllib.error
import urllib.request
from typing import Any

from newsdesk.errors import ConfigError, InputError
from newsdesk.represent import Representation
from newsdesk.select.base import Budget
from newsdesk.select.writer import Writer, Written
from newsdesk.text import clean_text, shown
from newsdesk.types import BriefSentence, ScoredSentence, Sentence, Story

log = logging.getLogger(__name__)

ENV_URL = "NEWSDESK_LLM_URL"
ENV_MODEL = "NEWSDESK_LLM_MODEL"
ENV_KEY = "NEWSDESK_LLM_API_KEY"
ENV_TIMEOUT = "NEWSDESK_LLM_TIMEOUT"
DRAFT_ID = "draft"  # the article id of a written sentence: its offsets are into the draft
TIMEOUT = 120.0  # seconds for the whole call: connecting, the answer's headers and body
MAX_PROMPT_CHARS = 24_000  # of article text sent (a small local model's context)
MAX_ANSWER_BYTES = 1_000_000
READ_BYTES = 64 * 1024  # the answer's body is read this much at a time
MIN_KEPT_SHARE = 0.5  # of the word budget the kept sentences must fill, else fall back
SYSTEM_PROMPT = (
    "You are a wire editor. Write one short, neutral news brief of the articles the user gives. "
    "State only facts the articles state; do not add background, opinion or anything they do "
    "not say. Plain sentences, no headline, no lists, no citation markers."
)


class LLMWriter(Writer):
    """A brief written by a language model behind an OpenAI-compatible chat endpoint."""

    name = "llm"

    def write(
        self, story: Story, representation: Representation, budget: Budget, options: Any
    ) -> Written:
        from newsdesk.check import SUPPORTED, check_prepared

        url = getattr(options, "llm_url", None) or os.environ.get(ENV_URL)
        model = getattr(options, "llm_model", None) or os.environ.get(ENV_MODEL) or "default"
        if not url:
            raise ConfigError(
                "llm_url", f"the URL of an OpenAI-compatible endpoint (or ${ENV_URL})", None
            )
        words = budget.words or 120
        timeout = getattr(options, "llm_timeout", None) or _timeout_from_environment()
        try:
            draft = complete(url, model, prompt(story, words), os.environ.get(ENV_KEY), timeout)
            checked = check_prepared(draft, story, representation) if draft.strip() else None
        except (WriterUnavailable, InputError) as exc:
            return Written((), (f"llm: {exc}; the brief is the extractive one",))
        kept: list[BriefSentence] = []
        notes: list[str] = []
        used = 0
        for item in checked.sentences if checked else ():
            if item.verdict != SUPPORTED:
                why = "; ".join(item.problems)
                notes.append(f"llm: dropped a {item.verdict} sentence: {item.text!r} ({why})")
                continue
            length = len(item.text.split())
            if used + length > words or (
                budget.sentences is not None and len(kept) >= budget.sentences
            ):
                continue
            used += length
            sentence = Sentence(DRAFT_ID, len(kept), item.text, item.start, item.end, 0)
            kept.append(BriefSentence(ScoredSentence(sentence, 1.0), item.citations))
        if used < MIN_KEPT_SHARE * words:
            notes.append(
                f"llm: only {used} of {words} words of the model's draft are supported by the "
                "sources; the brief is the extractive one"
            )
            return Written((), tuple(notes))
        return Written(tuple(kept), tuple(notes))


def _timeout_from_environment() -> float:
    """``$NEWSDESK_LLM_TIMEOUT`` (a server's writer has no other way to be told), else
    :data:`TIMEOUT`."""
    given = os.environ.get(ENV_TIMEOUT)
    if not given:
        return TIMEOUT
    try:
        seconds = float(given)
    except ValueError:
        seconds = -1.0
    if not 0.1 <= seconds <= 3600:
        raise ConfigError(f"${ENV_TIMEOUT}", "a number of seconds from 0.1 to 3600", given)
    return seconds


class WriterUnavailable(Exception):
    """The endpoint could not be reached or did not answer with a draft."""


def prompt(story: Story, words: int) -> list[dict[str, str]]:
    """The chat messages: the instructions, then the numbered articles (cut to fit)."""
    share = MAX_PROMPT_CHARS // max(1, len(story.articles))
    parts = [
        f"Article {number}:\n{article.text[:share]}"
        for number, article in enumerate(story.articles, 1)
    ]
    user = f"Write a brief of at most {words} words from these articles.\n\n" + "\n\n".join(parts)
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def complete(
    url: str, model: str, messages: list[dict[str, str]], key: str | None, timeout: float = TIMEOUT
) -> str:
    """The model's answer to ``messages``, cleaned as article text is.

    One deadline, ``timeout`` seconds, covers the whole call: connecting, the answer's
    headers and its body, however slowly they trickle. The call runs on a thread of its own;
    at the deadline its connection is shut and :class:`WriterUnavailable` says so. No redirect
    is followed: the key would go with it to wherever the endpoint points (urllib keeps the
    ``Authorization`` header across origins). The body is read a piece at a time, at most
    :data:`MAX_ANSWER_BYTES`; an answer that is no chat completion with text (broken JSON,
    nesting too deep to parse, another shape, a draft over :data:`MAX_DRAFT_CHARS`) is no
    usable draft. Every way of failing is a :class:`WriterUnavailable` saying why.
    """
    endpoint = url.rstrip("/")
    if not endpoint.endswith("/chat/completions"):
        endpoint += "/chat/completions"
    where = f"the model at {shown(endpoint)}"
    body = {"model": model, "messages": messages, "temperature": 0, "seed": 0, "stream": False}
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    request = urllib.request.Request(
        endpoint, data=json.dumps(body).encode(), headers=headers, method="POST"
    )
    connections = _Connections()
    outcome: list[bytes | BaseException] = []

    def call() -> None:
        try:
            outcome.append(_fetch(request, timeout, connections, where))
        except BaseException as exc:  # handed to the caller's thread
            outcome.append(exc)

    worker = threading.Thread(target=call, name="newsdesk-llm", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive() or not outcome:
        connections.close()  # the thread's blocked read returns; it ends on its own
        raise WriterUnavailable(
            f"{where} gave no complete answer within {timeout:g} s (--llm-timeout)"
        )
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    content = _draft(result, where)
    log.info("llm: %d characters of draft from %s", len(content), shown(endpoint))
    return content


def _fetch(
    request: urllib.request.Request, timeout: float, connections: _Connections, where: str
) -> bytes:
    """The body of the endpoint's answer, at most :data:`MAX_ANSWER_BYTES` of it."""
    opener = urllib.request.build_opener(
        _NoRedirect(), _HTTPHandler(connections), _HTTPSHandler(connections)
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > MAX_ANSWER_BYTES:
                raise WriterUnavailable(f"{where} answered more than {_MB} ({declared} bytes)")
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(READ_BYTES):
                size += len(chunk)
                if size > MAX_ANSWER_BYTES:
                    raise WriterUnavailable(f"{where} answered more than {_MB}")
                chunks.append(chunk)
            return b"".join(chunks)
    except urllib.error.HTTPError as exc:
        exc.close()
        if 300 <= exc.code < 400:
            target = shown(str(exc.headers.get("Location", "")))[:200] or "nowhere"
            raise WriterUnavailable(
                f"{where} answered with a redirect ({exc.code}) to {target}; newsdesk follows "
                "no redirect (the API key would go with it): give the endpoint's final URL"
            ) from None
        raise WriterUnavailable(
            f"{where} answered {exc.code} {shown(str(exc.reason))[:200]}".rstrip()
        ) from None
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
        if connections.closed:
            raise WriterUnavailable(f"{where}: the deadline passed") from None
        reason = getattr(exc, "reason", None) or exc
        raise WriterUnavailable(
            f"{where} could not be reached ({shown(str(reason))[:200]})"
        ) from None


def _draft(raw: bytes, where: str) -> str:
    """The text of a chat completion's first choice, cleaned, or why there is none."""
    try:
        content = json.loads(raw)["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError, RecursionError):
        # RecursionError: JSON nested deeper than the parser's stack ("[[[[...").
        raise WriterUnavailable(f"{where} gave no chat completion") from None
    if not isinstance(content, str):
        raise WriterUnavailable(f"{where} gave no text")
    from newsdesk.check import MAX_DRAFT_CHARS  # (check imports the pipeline, which this serves)

    content = clean_text(content)
    if len(content) > MAX_DRAFT_CHARS:
        raise WriterUnavailable(
            f"{where} gave a draft of {len(content):,} characters; at most "
            f"{MAX_DRAFT_CHARS:,} are checked"
        )
    return content


_MB = f"{MAX_ANSWER_BYTES // 1_000_000} MB"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Follows no redirect: the 3xx comes back as an :class:`urllib.error.HTTPError`."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class _Connections:
    """The sockets of one call, so that its deadline can shut them from another thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self.closed = False

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if not self.closed:
                return
        self._shut(sock)  # opened after the deadline: shut at once
        raise OSError("the deadline passed")

    def close(self) -> None:
        with self._lock:
            self.closed = True
            sockets = list(self._sockets)
        for sock in sockets:
            self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)  # wakes a read blocked on it in another thread


def _tracked(base: type[http.client.HTTPConnection], connections: _Connections) -> Any:
    """A connection class of ``base`` whose socket, once connected, ``connections`` holds."""

    class Tracked(base):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            super().connect()
            connections.add(self.sock)

    return Tracked


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, connections: _Connections) -> None:
        super().__init__()
        self._connections = connections

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_tracked(http.client.HTTPConnection, self._connections), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, connections: _Connections) -> None:
        super().__init__()
        self._connections = connections

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(
            _tracked(http.client.HTTPSConnection, self._connections),
            req,
            context=self._context,  # type: ignore[attr-defined]
        )
