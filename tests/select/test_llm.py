"""The `llm` writer against a small OpenAI-compatible server started here on 127.0.0.1, which
answers with recorded drafts that carry planted errors (tests/fixtures/llm_drafts.json)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from conftest import EXAMPLE, FIXTURES

from newsdesk import summarize
from newsdesk.cli import main
from newsdesk.errors import ConfigError
from newsdesk.select.llm import DRAFT_ID, ENV_KEY

DRAFTS = json.loads((FIXTURES / "llm_drafts.json").read_text(encoding="utf-8"))


class ChatServer(BaseHTTPRequestHandler):
    """POST /v1/chat/completions: the recorded draft named by the request's model."""

    requests: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        ChatServer.requests.append(
            {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
        )
        model = body["model"]
        if model == "broken":
            payload = b"<html>not json</html>"
        else:
            answer = {
                "choices": [{"message": {"role": "assistant", "content": DRAFTS[model]["draft"]}}]
            }
            payload = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:  # quiet
        pass


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), ChatServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_planted_errors_never_reach_the_brief(
    endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_KEY, "secret-key")
    brief = summarize([EXAMPLE], words=120, summarizer="llm", llm_url=endpoint, llm_model="mixed")
    assert brief.summarizer == "llm"
    texts = [s.text for s in brief.sentences]
    assert texts and all(t in DRAFTS["mixed"]["draft"] for t in texts)
    for planted in DRAFTS["mixed"]["planted"]:
        assert planted not in texts
        assert any(planted in w and w.startswith("llm: dropped") for w in brief.story.warnings)
    for item in brief.sentences:
        assert item.sentence.article_id == DRAFT_ID
        assert item.citations  # cited like an extractive sentence
        for c in item.citations:
            assert brief.story.sentence(c.article_id, c.index)
    assert sum(s.sentence.words for s in brief.sentences) <= 120
    request = ChatServer.requests[-1]
    assert request["path"] == "/v1/chat/completions"
    assert request["body"]["model"] == "mixed" and request["body"]["temperature"] == 0
    assert request["auth"] == "Bearer secret-key"
    assert "secret-key" not in json.dumps(brief.config)


def test_too_little_supported_falls_back_to_the_extractive_brief(endpoint: str) -> None:
    brief = summarize([EXAMPLE], words=60, summarizer="llm", llm_url=endpoint, llm_model="wrong")
    extractive = summarize([EXAMPLE], words=60)
    assert brief.summarizer == extractive.summarizer == "newsdesk.v4"
    assert [s.text for s in brief.sentences] == [s.text for s in extractive.sentences]
    assert any("the brief is the extractive one" in w for w in brief.story.warnings)
    for planted in DRAFTS["wrong"]["planted"]:
        assert planted not in brief.text


@pytest.mark.parametrize("model", ["broken"])
def test_a_bad_answer_or_no_server_falls_back_with_a_warning(endpoint: str, model: str) -> None:
    brief = summarize([EXAMPLE], words=60, summarizer="llm", llm_url=endpoint, llm_model=model)
    assert brief.summarizer == "newsdesk.v4"
    assert any("gave no chat completion" in w for w in brief.story.warnings)
    gone = summarize(
        [EXAMPLE], words=60, summarizer="llm", llm_url="http://127.0.0.1:9/v1", llm_model="x"
    )
    assert any("could not be reached" in w for w in gone.story.warnings)


def test_cli_and_missing_url(
    endpoint: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["summarize", str(EXAMPLE), "--summarizer", "llm", "--format", "json"]
    assert main([*args, "--llm-url", endpoint, "--llm-model", "mixed"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summarizer"] == "llm" and data["sentences"]
    monkeypatch.delenv("NEWSDESK_LLM_URL", raising=False)
    with pytest.raises(ConfigError):
        summarize([EXAMPLE], summarizer="llm")
    bad_url = ["summarize", str(EXAMPLE), "--summarizer", "llm", "--llm-url", "ftp://x"]
    assert main(bad_url) == ConfigError.exit_code


def test_written_brief_matches_the_json_schema(endpoint: str, schema: dict[str, Any]) -> None:
    import jsonschema

    from newsdesk.render import brief_to_dict

    brief = summarize([EXAMPLE], words=120, summarizer="llm", llm_url=endpoint, llm_model="mixed")
    jsonschema.validate(brief_to_dict(brief), schema)
