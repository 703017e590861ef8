"""Property-based fuzzing of the command's readers, of ``POST /v1/briefs`` and of the ``llm``
writer's chat endpoint (hypothesis).

Random bytes, random JSON and random file trees: whatever they hold, the command ends with 0
(a brief) or 3 (no usable input), never 1 and never a traceback, and the API answers 200 or
a 4xx, never a 5xx. A short run here (``NEWSDESK_FUZZ_EXAMPLES``, default 25 a property);
``benchmarks/fuzz.py`` runs the same properties long.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.cli import main

EXAMPLES = int(os.environ.get("NEWSDESK_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # a brief's first call loads models; the run is bounded by max_examples
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,  # no .hypothesis folder left in the repository
)
GOOD = (EXAMPLE / "001_165c52e1f2bbd996.txt").read_text(encoding="utf-8")

SUFFIXES = st.sampled_from([".txt", ".md", ".html", ".jsonl", ".ndjson", "", ".bin"])
# File names: letters, and the characters that go wrong (controls, escapes, quotes, spaces).
NAME = st.text(
    alphabet=st.sampled_from(list("abcXYZ09 -_.'\"é\u200b\u202e\x1b\x07\t[]")),
    min_size=1,
    max_size=12,
).filter(lambda n: n not in {".", ".."} and "/" not in n)
# Bytes that are likely to reach interesting paths: text mixed with noise, BOMs, NULs.
CONTENT = st.one_of(
    st.binary(max_size=2_000),
    st.text(max_size=2_000).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]), st.binary()).map(
        lambda p: p[0] + p[1]
    ),
    st.text(max_size=300).map(lambda t: (GOOD + t).encode("utf-8", "replace")),
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=25,
)


def _run(args: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, err.getvalue()


@pytest.mark.slow  # over 10 s here (issue 26): CI runs it, the quick run does not
@FUZZ
@given(files=st.lists(st.tuples(NAME, SUFFIXES, CONTENT), min_size=1, max_size=5))
def test_summarize_any_file_tree_ends_with_a_brief_or_a_clear_error(
    files: list[tuple[str, str, bytes]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, suffix, content in files:
            path = Path(folder) / (name + suffix)
            if not path.exists():
                path.write_bytes(content)
        code, err = _run(["summarize", folder, "--format", "json"])
        assert code in (0, 3), err
        assert "Traceback" not in err and "internal error" not in err


@FUZZ
@given(lines=st.lists(st.one_of(JSON.map(json.dumps).map(str.encode), CONTENT), max_size=6))
def test_batch_any_jsonl_writes_a_line_per_cluster(lines: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data.jsonl"
        data.write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines) + b"\n")
        output = Path(folder) / "out.jsonl"
        code, err = _run(["batch", str(data), "-q", "-o", str(output)])
        assert code in (0, 3), err
        assert "Traceback" not in err and "internal error" not in err
        rows = [json.loads(row) for row in output.read_text(encoding="utf-8").splitlines()]
        assert len(rows) == sum(1 for line in lines if line.replace(b"\n", b" ").strip())


@pytest.mark.slow  # over 10 s here (issue 26): CI runs it, the quick run does not
def test_the_api_answers_any_request_with_200_or_a_4xx() -> None:
    from fastapi.testclient import TestClient

    from newsdesk.server import ServerConfig, create_app

    limits = ServerConfig(workers=1, max_body_bytes=200_000, max_article_chars=50_000)
    with TestClient(create_app(limits)) as client:

        def check(response: Any) -> None:
            assert response.status_code == 200 or 400 <= response.status_code < 500, (
                response.status_code,
                response.text[:300],
            )

        @FUZZ
        @given(body=JSON)
        def json_body(body: Any) -> None:
            # Sent as Python writes it: NaN and Infinity included, which JSON does not allow.
            content = json.dumps(body).encode()
            headers = {"content-type": "application/json"}
            check(client.post("/v1/briefs", content=content, headers=headers))

        @FUZZ
        @given(articles=st.lists(st.text(max_size=400), min_size=1, max_size=4), words=JSON)
        def article_request(articles: list[str], words: Any) -> None:
            body = {"articles": [{"text": GOOD + text} for text in articles], "words": words}
            content = json.dumps(body).encode()
            headers = {"content-type": "application/json"}
            check(client.post("/v1/briefs", content=content, headers=headers))

        @FUZZ
        @given(raw=st.binary(max_size=3_000), media=st.sampled_from(["application/json", "x/y"]))
        def raw_body(raw: bytes, media: str) -> None:
            check(client.post("/v1/briefs", content=raw, headers={"content-type": media}))

        @FUZZ
        @given(files=st.lists(st.tuples(NAME, SUFFIXES, CONTENT), min_size=1, max_size=4))
        def upload(files: list[tuple[str, str, bytes]]) -> None:
            form = [("files", (name + suffix, content)) for name, suffix, content in files]
            check(client.post("/v1/briefs", files=form))

        for prop in (json_body, article_request, raw_body, upload):
            prop()


# A chat endpoint on 127.0.0.1 that answers what each example says: any status (redirects to
# another origin among them), any body, all at once or trickled past the deadline.
ANSWER = st.fixed_dictionaries(
    {
        "status": st.sampled_from([200, 200, 200, 301, 302, 303, 307, 308, 404, 500]),
        "body": st.one_of(
            JSON.map(lambda j: json.dumps({"choices": [{"message": {"content": j}}]}).encode()),
            st.text(max_size=300).map(
                lambda t: json.dumps(
                    {"choices": [{"message": {"content": GOOD[:400] + t}}]}
                ).encode()
            ),
            JSON.map(json.dumps).map(str.encode),
            st.binary(max_size=500),
            st.integers(1, 50_000).map(lambda n: b'{"choices": ' + b"[" * n + b"]" * n + b"}"),
        ),
        "declared": st.sampled_from(["exact", "none", "more"]),
        "trickle": st.sampled_from([0.0] * 9 + [0.05]),  # seconds a byte: past the deadline
    }
)


def test_the_llm_writer_survives_any_answer() -> None:
    """Whatever the endpoint answers (a redirect to another origin, broken or deep JSON,
    bytes, a trickle), `summarize --summarizer llm` writes a brief, sends no request to the
    other origin and shows no control sequence."""
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from newsdesk import summarize
    from newsdesk.text import clean_text

    current: dict[str, Any] = {}
    elsewhere: list[str] = []

    class Endpoint(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            body, status = current["body"], current["status"]
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", f"{other}/v1/chat/completions")
            if current["declared"] != "none":
                extra = 1000 if current["declared"] == "more" else 0
                self.send_header("Content-Length", str(len(body) + extra))
            self.end_headers()
            try:
                if not current["trickle"]:
                    self.wfile.write(body)
                    return
                for i in range(len(body)):
                    self.wfile.write(body[i : i + 1])
                    self.wfile.flush()
                    time.sleep(current["trickle"])
            except OSError:
                pass

        def log_message(self, *args: object) -> None:
            pass

    class Elsewhere(Endpoint):
        def do_POST(self) -> None:
            elsewhere.append(self.path)
            super().do_POST()

        do_GET = do_POST

    servers = [ThreadingHTTPServer(("127.0.0.1", 0), h) for h in (Endpoint, Elsewhere)]
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    url, other = (f"http://127.0.0.1:{s.server_address[1]}" for s in servers)
    try:

        @FUZZ
        @given(answer=ANSWER)
        def any_answer(answer: dict[str, Any]) -> None:
            current.update(answer)
            brief = summarize(
                [EXAMPLE], words=40, summarizer="llm", llm_url=f"{url}/v1", llm_timeout=0.5
            )
            assert brief.sentences or brief.story.warnings
            shown = brief.text + "\n".join(brief.story.warnings)
            assert clean_text(shown) == shown
            assert elsewhere == []

        any_answer()
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
