"""The HTTP API, in process (FastAPI's test client), with real worker processes behind it."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import jsonschema
import pytest
from conftest import EXAMPLE, example_text
from fastapi.testclient import TestClient

from newsdesk import read_story, story_from_cluster, summarize_story
from newsdesk.errors import ConfigError
from newsdesk.render import brief_to_dict
from newsdesk.server import ServerConfig, create_app

NAMES = sorted(p.name for p in EXAMPLE.iterdir())
LIMITS = ServerConfig(
    workers=1, max_body_bytes=2_000_000, max_articles=20, max_article_chars=50_000
)


def example_request(**options: Any) -> dict[str, Any]:
    articles = [{"text": example_text(name), "source": name} for name in NAMES]
    return {"articles": articles, **options}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(LIMITS)) as client:
        yield client


def test_json_request_gets_the_library_brief(client: TestClient, schema: dict[str, Any]) -> None:
    story = story_from_cluster(
        {"documents": example_request()["articles"]}, origin="request", document_names="article"
    )
    for compare in (False, True):  # the comparison only when asked for
        response = client.post("/v1/briefs", json=example_request(words=60, compare=compare))
        assert response.status_code == 200
        expected = brief_to_dict(summarize_story(story, words=60, compare=compare))
        assert response.json() == expected
        assert (response.json()["comparison"] is not None) is compare
        jsonschema.validate(response.json(), schema)
    plain = client.post("/v1/briefs", json=example_request(words=60)).json()
    assert plain["comparison"] is None and plain["sentences"] == expected["sentences"]


def test_upload_gets_the_brief_of_the_same_files_on_disk(client: TestClient) -> None:
    files = [("files", (name, (EXAMPLE / name).read_bytes())) for name in NAMES]
    response = client.post("/v1/briefs", files=files, data={"words": "80"})
    assert response.status_code == 200
    on_disk = brief_to_dict(summarize_story(read_story([EXAMPLE]), words=80, compare=True))
    assert response.json()["sentences"] == on_disk["sentences"]
    # Labelled as on disk: by outlet where the text names one (CNN), else by file name.
    labels = [a["source"] for a in response.json()["articles"]]
    assert labels == [a["source"] for a in on_disk["articles"]]
    assert labels == ["CNN", *NAMES[1:]]
    assert response.json()["comparison"] is None
    compared = client.post("/v1/briefs", files=files, data={"words": "80", "compare": "true"})
    assert compared.json()["comparison"] == on_disk["comparison"]


def test_compare_must_be_true_or_false(client: TestClient) -> None:
    for value in ("yes", 1, None):
        response = client.post("/v1/briefs", json=example_request(words=60, compare=value))
        assert response.status_code == 422, value
        assert "compare" in response.json()["detail"]
    upload = [("files", (NAMES[0], (EXAMPLE / NAMES[0]).read_bytes()))]
    response = client.post("/v1/briefs", files=upload, data={"compare": "maybe"})
    assert response.status_code == 422 and "true or false" in response.json()["detail"]


def test_evidence_points_at_the_supporting_text(client: TestClient) -> None:
    brief = client.post("/v1/briefs", json=example_request()).json()
    texts = {a["id"]: a["text"] for a in brief["articles"]}
    for sentence in brief["sentences"]:
        own = sentence["evidence"][0]
        assert texts[own["article_id"]][own["start"] : own["end"]] == sentence["text"]
        for evidence in sentence["evidence"]:
            assert 0 <= evidence["start"] < evidence["end"] <= len(texts[evidence["article_id"]])


def test_summarizers_health_and_docs(client: TestClient) -> None:
    listed = client.get("/v1/summarizers").json()
    assert listed["default"] == "newsdesk"
    newsdesk = {
        "name": "newsdesk",
        "resolves_to": "newsdesk.v4",
        "max_chars": LIMITS.max_total_chars,
    }
    assert newsdesk in listed["summarizers"]
    assert client.get("/healthz").json()["status"] == "ok"
    docs = client.get("/docs").text
    assert "//" not in docs.split("<body>")[0].replace("http-equiv", "")  # no other origin
    assert client.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200
    assert "/v1/briefs" in client.get("/openapi.json").json()["paths"]


def test_page_is_served_with_a_strict_policy(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    for asset in ("/assets/app.js", "/assets/app.css"):
        assert client.get(asset).status_code == 200
    # Article text reaches the page only through textContent (the browser test checks it runs).
    assert "innerHTML" not in client.get("/assets/app.js").text


@pytest.mark.parametrize(
    ("payload", "status", "says"),
    [
        ({"articles": [{"text": "x " * 10}] * 21}, 422, "at most 20"),
        ({"articles": [{"text": "x" * 50_001}]}, 422, "at most 50000"),
        ({**example_request(), "words": 1_001}, 422, "words must be from 1 to 1000"),
        ({**example_request(), "summarizer": "nope"}, 422, "unknown summarizer"),
        ({"articles": []}, 422, "at least 1"),
        ({"articles": [{"title": "no body"}]}, 422, "exactly one of 'text' or 'html'"),
        ({"articles": [{"text": "a", "html": "<p>a</p>"}]}, 422, "exactly one"),
        ({"articles": [{"text": "a", "body": "b"}]}, 422, "Extra inputs"),
        ({"articles": [{"text": "   "}, {"text": "\n"}]}, 422, "no usable article"),
    ],
)
def test_bad_requests_get_a_clear_4xx(
    client: TestClient, payload: dict[str, Any], status: int, says: str
) -> None:
    response = client.post("/v1/briefs", json=payload)
    assert response.status_code == status
    assert says in json.dumps(response.json())


def test_body_over_the_limit_is_refused_declared_or_streamed(client: TestClient) -> None:
    big = b'{"articles": [{"text": "' + b"a" * 50_000_000 + b'"}]}'  # a 50 MB body
    response = client.post("/v1/briefs", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "at most 2000000" in response.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the size shows only as it arrives
        for _ in range(5):
            yield b"a" * 1_000_000

    response = client.post(
        "/v1/briefs", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert client.get("/healthz").status_code == 200


def test_hostile_inputs_get_a_4xx_or_a_correct_brief(client: TestClient) -> None:
    tiny = client.post("/v1/briefs", json={"articles": [{"text": "Hi."}] * 10_000})
    assert tiny.status_code == 422 and "10000 articles" in tiny.json()["detail"]

    nested = b'{"articles": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = client.post(
        "/v1/briefs", content=nested, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422

    not_utf8 = b'{"articles": [{"text": "caf\xe9 \xff"}]}'
    response = client.post(
        "/v1/briefs", content=not_utf8, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422

    script = "<script>alert('x')</script> The mayor opened the new bridge on Monday."
    response = client.post(
        "/v1/briefs",
        json={"articles": [{"text": script}, {"text": "The mayor opened a bridge on Monday."}]},
    )
    assert response.status_code == 200
    assert response.json()["articles"][0]["text"] == script  # data, for the page to escape
    assert client.get("/healthz").status_code == 200


def test_upload_in_another_encoding_is_decoded(client: TestClient) -> None:
    latin = "The café on the place du Marché reopened on Monday, the mayor's office said. " * 3
    english = b"The cafe on the square reopened on Monday, the mayor of the town said."
    files = [("files", ("fr.txt", latin.encode("cp1252"))), ("files", ("en.txt", english))]
    response = client.post("/v1/briefs", files=files)
    assert response.status_code == 200
    first = response.json()["articles"][0]
    assert first["encoding"] == "cp1252" and "café" in first["text"]


def test_bad_uploads_get_a_clear_4xx(client: TestClient) -> None:
    one = [("files", ("a.txt", b"Some text here."))]
    assert client.post("/v1/briefs", files=one, data={"words": "many"}).status_code == 422
    big = [("files", ("a.txt", b"a" * 50_001))]
    assert "at most 50000" in client.post("/v1/briefs", files=big).json()["detail"]
    response = client.post("/v1/briefs", content=b"plain", headers={"content-type": "text/plain"})
    assert response.status_code == 415


def test_a_brief_over_the_time_limit_gets_504_and_the_server_goes_on() -> None:
    with TestClient(create_app(ServerConfig(workers=1, timeout=0.01))) as client:
        response = client.post("/v1/briefs", json=example_request())
        assert response.status_code == 504
        assert "longer than the limit" in response.json()["detail"]
        client.app.state.pool.timeout = 60  # type: ignore[attr-defined]
        assert client.post("/v1/briefs", json=example_request()).status_code == 200


def test_too_many_waiting_briefs_get_503() -> None:
    with TestClient(create_app(ServerConfig(workers=1, max_pending=1))) as client:
        with ThreadPoolExecutor(4) as threads:
            statuses = list(
                threads.map(lambda _: client.post("/v1/briefs", json=example_request()), range(4))
            )
        codes = sorted(r.status_code for r in statuses)
        assert codes[0] == 200 and codes[-1] == 503
        busy = next(r for r in statuses if r.status_code == 503)
        assert busy.headers["retry-after"] == "1"
        assert client.post("/v1/briefs", json=example_request()).status_code == 200


def _workers(others: set[int]) -> list[int]:
    """This process's worker processes, but ``others``."""
    return sorted({p.pid for p in multiprocessing.active_children() if p.pid} - others)


def _wait_for_workers(count: int, before: list[int], others: set[int]) -> list[int]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = _workers(others)
        if len(now) == count and now != before:
            return now
        time.sleep(0.05)
    raise AssertionError(f"no new worker: {before} -> {_workers(others)}")


@pytest.mark.slow  # over 10 s here (issue 26): CI runs it, the quick run does not
def test_killed_workers_are_replaced_and_health_tells_the_truth() -> None:
    others = set(_workers(set()))  # those of other tests' servers
    with TestClient(create_app(ServerConfig(workers=2, max_total_chars=2_000_000))) as client:
        assert client.post("/v1/briefs", json=example_request()).status_code == 200
        workers = _workers(others)
        assert len(workers) == 2
        os.kill(workers[0], signal.SIGKILL)  # idle: this broke the whole pool for good
        deadline = time.monotonic() + 10
        while client.get("/healthz").json()["replaced_workers"] == 0:
            assert time.monotonic() < deadline, "the broken worker was never replaced"
            time.sleep(0.05)
        health = client.get("/healthz")
        assert health.status_code == 200 and health.json()["healthy_workers"] == 2
        workers = _wait_for_workers(2, workers, others)
        for _ in range(3):
            assert client.post("/v1/briefs", json=example_request()).status_code == 200
        # Killed mid-brief: that brief gets a 503 to retry, never a 500, and the next one works.
        big = {
            "articles": [
                {"text": " ".join(example_text(n) for n in NAMES) * 12 + str(i)} for i in range(10)
            ]
        }
        with ThreadPoolExecutor(1) as threads:
            answer = threads.submit(client.post, "/v1/briefs", json=big)
            time.sleep(0.5)
            for pid in _workers(others):
                os.kill(pid, signal.SIGKILL)
            assert answer.result().status_code == 503
        assert client.get("/healthz").status_code == 200
        assert client.post("/v1/briefs", json=example_request()).status_code == 200


def test_poison_json_in_a_body_or_an_uploaded_jsonl_is_a_422(client: TestClient) -> None:
    digits = '{"id": "digits", "documents": [' + "9" * 5000 + "]}"
    deep = '{"id": "deep", "documents": ' + "[" * 20_000 + "]" * 20_000 + "}"
    for poison in (digits, deep):
        files = [("files", ("clusters.jsonl", poison.encode()))]
        response = client.post("/v1/briefs", files=files)
        assert response.status_code == 422 and "not a JSON object" in response.json()["detail"]
    text = json.dumps(example_text(NAMES[0]))
    for body in (
        '{"articles": [{"text": ' + text + '}], "words": ' + "9" * 5000 + "}",
        '{"articles": [{"text": ' + text + '}], "words": ' + "[" * 20_000 + "]" * 20_000 + "}",
    ):
        response = client.post(
            "/v1/briefs", content=body, headers={"content-type": "application/json"}
        )
        assert response.status_code == 422


def test_cross_origin_requests_are_refused_unless_allowed(client: TestClient) -> None:
    upload = [("files", (n, (EXAMPLE / n).read_bytes())) for n in NAMES[:2]]
    evil = {"origin": "https://evil.example"}
    response = client.post("/v1/briefs", files=upload, headers=evil)
    assert response.status_code == 403 and "https://evil.example" in response.json()["detail"]
    assert "access-control-allow-origin" not in response.headers
    assert client.post("/v1/briefs", json=example_request(), headers=evil).status_code == 403
    page = {"origin": "http://testserver"}  # the page itself, and clients with no Origin
    assert client.post("/v1/briefs", files=upload, headers=page).status_code == 200
    assert client.post("/v1/briefs", files=upload).status_code == 200
    preflight = {"origin": "https://ok.example", "access-control-request-method": "POST"}
    assert (
        "access-control-allow-origin" not in client.options("/v1/briefs", headers=preflight).headers
    )
    allowed = ServerConfig(workers=1, allow_origins=("https://ok.example",))
    with TestClient(create_app(allowed)) as other:
        answer = other.options("/v1/briefs", headers=preflight)
        assert answer.headers["access-control-allow-origin"] == "https://ok.example"
        ok = {"origin": "https://ok.example"}
        response = other.post("/v1/briefs", json=example_request(), headers=ok)
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == "https://ok.example"
        assert other.post("/v1/briefs", files=upload, headers=evil).status_code == 403
    with pytest.raises(ConfigError, match="allow_origins"):
        ServerConfig(allow_origins=("ok.example",))


def test_words_must_be_a_whole_number_not_true_or_text(client: TestClient) -> None:
    for words in (True, "60", 60.5):
        response = client.post("/v1/briefs", json=example_request(words=words))
        assert response.status_code == 422, words
    assert client.post("/v1/briefs", json=example_request(words=60)).status_code == 200
    upload = [("files", (NAMES[0], (EXAMPLE / NAMES[0]).read_bytes()))]
    response = client.post("/v1/briefs", files=upload, data={"words": "true"})
    assert response.status_code == 422 and "whole number" in response.json()["detail"]


def test_requests_over_what_a_summarizer_takes_are_refused_before_any_work(
    client: TestClient,
) -> None:
    listed = {
        s["name"]: s["max_chars"] for s in client.get("/v1/summarizers").json()["summarizers"]
    }
    assert listed["textrank"] < listed["newsdesk"] == LIMITS.max_total_chars
    words = " ".join(example_text(n) for n in NAMES).split()
    size = listed["textrank"] // 6 + 1  # six articles of this size: one character too many
    articles = [{"text": (" ".join(words[i:] + words[:i]) + " ") * 4} for i in range(6)]
    articles = [{"text": a["text"][:size]} for a in articles]
    response = client.post("/v1/briefs", json={"articles": articles, "summarizer": "textrank"})
    assert response.status_code == 422
    assert f"this server takes at most {listed['textrank']}" in response.json()["detail"]
    small = ServerConfig(workers=1, max_total_chars=10_000)
    assert small.max_chars("textrank") == small.max_chars("newsdesk") == 10_000


def test_check_endpoint_gives_what_the_library_gives(client: TestClient) -> None:
    from newsdesk.check import check
    from newsdesk.render import check_to_dict

    draft = "Trump and Kim met in Singapore in March. Trump and Kim met in Singapore in June."
    request = {"draft": draft, "articles": example_request()["articles"]}
    response = client.post("/v1/checks", json=request)
    assert response.status_code == 200
    story = story_from_cluster(
        {"documents": request["articles"]}, origin="request", document_names="article"
    )
    assert response.json() == check_to_dict(check(draft, story))
    assert [s["verdict"] for s in response.json()["sentences"]] == ["contradicted", "supported"]
    assert client.post("/v1/checks", json={"draft": "", "articles": []}).status_code == 422


def test_a_brief_request_may_ask_a_question_and_list_what_was_read(
    client: TestClient, schema: dict[str, Any]
) -> None:
    articles = example_request()["articles"]
    request = {
        "articles": articles[2:],
        "seen": articles[:2],
        "query": "Where will the summit be held?",
    }
    response = client.post("/v1/briefs", json=request)
    assert response.status_code == 200, response.text
    body = response.json()
    jsonschema.validate(body, schema)
    assert body["focus"]["seen_articles"] == 2 and body["focus"]["addressed"]
    assert body["config"]["query"] == "Where will the summit be held?"
    cost = client.post("/v1/briefs", json=example_request(query="What did the summit cost?"))
    assert cost.status_code == 200 and cost.json()["sentences"] == []
    assert cost.json()["focus"]["addressed"] is False
    too_long = client.post("/v1/briefs", json=example_request(query="why " * 600))
    assert too_long.status_code == 422


# -- issue 19: the config echo, the documented example, one error shape, the schema -------


def test_the_config_echo_is_the_same_as_the_commands_and_the_apis(client: TestClient) -> None:
    from newsdesk import summarize

    response = client.post("/v1/briefs", json=example_request())
    assert response.status_code == 200
    expected = {
        "words": 120,
        "sentences": None,
        "summarizer": "newsdesk",
        "query": None,
        "no_query": False,
    }
    assert response.json()["config"] == summarize(EXAMPLE).config == expected


def test_the_documented_example_request_is_valid_and_gets_a_brief(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/v1/briefs"]["post"]
    content = operation["requestBody"]["content"]["application/json"]
    example = content["example"]
    jsonschema.validate(example, content["schema"])
    assert content["schema"]["examples"] == [example]
    response = client.post("/v1/briefs", json=example)
    assert response.status_code == 200, response.text
    assert response.json()["sentences"] and response.json()["skipped"] == []


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "detail"),
    [
        ("post", "/v1/briefs", {"articles": [{"text": "x"}, {}]}, 422, "article 2: give exactly"),
        ("post", "/v1/briefs", {"articles": []}, 422, "articles: List should have at least 1"),
        ("post", "/v1/briefs", {"articles": [{"text": "x"}], "words": "9"}, 422, "words: Input"),
        ("post", "/v1/briefs", {"articles": [{"text": "x"}], "nope": 1}, 422, "nope: Extra"),
        ("post", "/v1/briefs", {"articles": [{"text": ""}]}, 422, "article 1: empty"),
        ("get", "/v1/nothing", None, 404, "Not Found"),
        ("put", "/v1/briefs", None, 405, "Method Not Allowed"),
    ],
)
def test_every_error_body_is_one_readable_detail(
    client: TestClient, method: str, path: str, body: Any, status: int, detail: str
) -> None:
    response = client.request(method.upper(), path, json=body)
    assert response.status_code == status
    assert list(response.json()) == ["detail"]
    assert isinstance(response.json()["detail"], str) and detail in response.json()["detail"]


def test_the_schema_is_served_and_printed_the_same(
    client: TestClient, schema: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    from newsdesk.cli import main

    response = client.get("/v1/schema")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/schema+json")
    assert response.json() == schema
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == schema
    assert "$id" not in schema  # no address that does not exist
    jsonschema.Draft202012Validator.check_schema(schema)
