"""``newsdesk serve`` in its own process: hostile requests over a real socket, and the page end
to end in headless Chromium.

Playwright for Python drives Debian's ``chromium`` (``apt-get install chromium``; ``.ci/run``
installs it), found on PATH or at ``NEWSDESK_CHROMIUM``. Without it the tests skip, unless
``NEWSDESK_REQUIRE_BROWSER=1`` (set by CI) makes that a failure. The screenshot goes to
``test-artifacts/`` (or ``NEWSDESK_ARTIFACTS``).
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT, example_text

from newsdesk import story_from_cluster, summarize_story

NAMES = sorted(p.name for p in EXAMPLE.iterdir())
ARTIFACTS = Path(os.environ.get("NEWSDESK_ARTIFACTS", ROOT / "test-artifacts"))
# Chromium on a closed network: no background requests, no sandbox (CI runs as root).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    found = os.environ.get("NEWSDESK_CHROMIUM") or shutil.which("chromium")
    if found:
        return found
    reason = "Debian's chromium is not installed (apt-get install chromium)"
    if os.environ.get("NEWSDESK_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "serve", "--port", str(port), "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    error = process.stderr.read().decode() if process.stderr else ""
                    pytest.fail(f"newsdesk serve did not start: {error[-2000:]}")
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    """Send a request as given (no client-side checks) and read the status and body."""
    connection = http.client.HTTPConnection(url.removeprefix("http://"), timeout=120)
    try:
        connection.request("POST", "/v1/briefs", body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def chunked(size: int) -> Iterator[bytes]:
    for _ in range(size // 1_000_000):
        yield b"a" * 1_000_000


HOSTILE = {
    "a 50 MB body": (b'{"articles": [{"text": "' + b"a" * 50_000_000 + b'"}]}', 413),
    "10,000 tiny articles": (json.dumps({"articles": [{"text": "Hi."}] * 10_000}).encode(), 422),
    "deeply nested JSON": (b'{"articles": ' + b"[" * 500_000 + b"]" * 500_000 + b"}", 422),
    "invalid UTF-8": (b'{"articles": [{"text": "caf\xe9 \xff\xfe"}]}', 422),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_request_gets_a_4xx_and_the_server_goes_on(server: str, name: str) -> None:
    body, status = HOSTILE[name]
    assert post(server, body, {"Content-Type": "application/json"})[0] == status
    with urllib.request.urlopen(f"{server}/healthz", timeout=10) as health:
        assert health.status == 200


def test_streamed_body_over_the_limit_gets_413(server: str) -> None:
    headers = {"Content-Type": "application/json"}
    connection = http.client.HTTPConnection(server.removeprefix("http://"), timeout=120)
    connection.request(
        "POST", "/v1/briefs", body=chunked(50_000_000), headers=headers, encode_chunked=True
    )
    assert connection.getresponse().status == 413
    connection.close()
    articles = [{"text": example_text(name)} for name in NAMES]
    status, _ = post(
        server,
        json.dumps({"articles": articles}).encode(),
        headers={"Content-Type": "application/json"},
    )
    assert status == 200


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = chromium_path()
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def paste(page: object, articles: list[tuple[str, str]]) -> None:
    """Fill one article box per (label, text), adding boxes as needed."""
    boxes = page.locator(".article-box")  # type: ignore[attr-defined]
    while boxes.count() < len(articles):
        page.click("#add-article")  # type: ignore[attr-defined]
    for i, (label, text) in enumerate(articles):
        boxes.nth(i).locator(".source-input").fill(label)
        boxes.nth(i).locator(".article-text").fill(text)


def test_clicking_a_citation_highlights_its_supporting_sentence(
    server: str, browser: object
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server)
    # The example, and a wire copy of one of its articles (a line added at its end: an exact
    # copy is skipped as a duplicate): a sentence the two state word for word is cited to
    # both (the example's outlets word their common facts differently).
    articles = [(name, example_text(name)) for name in NAMES]
    copy = example_text(NAMES[1]) + "\n\nThis report was distributed by a news agency."
    articles.append(("wire-copy.txt", copy))
    paste(page, articles)
    page.select_option("#words", "120")
    page.click("#submit")
    page.wait_for_selector("#brief .cite")

    # What the page must show, from the library itself.
    story = story_from_cluster({"documents": [{"text": t, "source": n} for n, t in articles]})
    brief = summarize_story(story, words=120)
    shown = page.locator("#brief .sentence").all_inner_texts()
    assert shown == [s.text for s in brief.sentences]

    # A citation of another outlet than the sentence's own: the case a reader checks.
    position, item = next((i, s) for i, s in enumerate(brief.sentences) if len(s.citations) > 1)
    cited = item.citations[1]
    number = story.article_number(cited.article_id)
    markers = page.locator("#brief .markers").nth(position)  # the markers after that sentence
    markers.locator(f".cite[data-article='{cited.article_id}']").click()

    prepared = brief.story
    first = prepared.sentence(cited.article_id, cited.index)
    last = prepared.sentence(cited.article_id, cited.index + cited.sentences - 1)
    expected = prepared.article(cited.article_id).text[first.start : last.end]
    mark = page.locator(f"#source-{number} mark.support")
    assert mark.count() == 1
    assert mark.text_content() == expected
    assert mark.is_visible()
    assert page.locator("mark.support").count() == 1  # one highlight at a time
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "page-citation-highlight.png"))
    assert errors == []
    page.close()


def test_article_content_is_shown_never_run(server: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(server)
    hostile = (
        "<script>window.pwned = 1</script><img src=x onerror='window.pwned = 2'> "
        "The mayor opened the new bridge over the river on Monday, officials said. "
        "Thousands of people crossed it on foot in the first hour."
    )
    plain = "The mayor opened the new bridge over the river on Monday, the city said."
    paste(page, [("<b>Outlet</b>", hostile), ("Second outlet", plain)])
    page.click("#submit")
    page.wait_for_selector("#brief .cite")
    assert page.evaluate("window.pwned") is None
    assert page.locator("img").count() == 0
    assert hostile in page.locator("#source-1 .source-text").text_content()
    assert "<b>Outlet</b>" in page.locator("#source-1 .source-head").text_content()
    page.close()


def test_a_refused_request_shows_the_servers_reason(server: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(server)
    paste(page, [("empty", "   ")])
    page.click("#submit")
    assert "Paste at least one article" in page.locator("#error").text_content()
    paste(page, [("too long", "word " * 50_000)])  # 250,000 characters: over the limit
    page.click("#submit")
    page.wait_for_selector("#error >> text=at most 200000")
    page.close()


def _closed_within(connection: socket.socket, seconds: float, trickle: bytes = b"") -> bool:
    """Whether the server closes ``connection`` within ``seconds`` (sending ``trickle`` a
    byte at a time meanwhile, as a slow client would)."""
    connection.settimeout(0.25)
    deadline = time.monotonic() + seconds
    sent = 0
    while time.monotonic() < deadline:
        try:
            if sent < len(trickle):
                connection.sendall(trickle[sent : sent + 1])
                sent += 1
            if connection.recv(1024) == b"":
                return True
        except TimeoutError:
            continue
        except OSError:
            return True
    return False


def test_idle_and_slow_connections_are_closed_and_requests_still_served() -> None:
    port = free_port()
    command = [sys.executable, "-m", "newsdesk", "serve", "--port", str(port), "--workers", "1"]
    command += ["--header-timeout", "1", "--keep-alive", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(20)]
        slow = socket.create_connection(("127.0.0.1", port))
        assert all(_closed_within(c, 5) for c in idle)  # sent nothing: closed after ~1 s
        header = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100
        assert _closed_within(slow, 5, trickle=header)  # trickled headers: closed too
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
            assert answer.status == 200
        for connection in [*idle, slow]:
            connection.close()
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_checking_a_draft_on_the_page(server: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server)
    articles = [(name, example_text(name)) for name in NAMES]
    paste(page, articles)
    draft = (
        "Trump and Kim met in Singapore in March. "
        "US officials are reportedly planning on going to Vietnam for the next Trump-Kim summit."
    )
    page.fill("#draft", draft)
    page.click("#check-submit")
    page.wait_for_selector("#checked .checked-sentence")
    verdicts = page.locator("#checked .verdict").all_inner_texts()
    assert [v.lower() for v in verdicts] == ["contradicted", "supported"]
    problem = page.locator("#checked .problems li").first.text_content()
    assert problem is not None and "June, not March" in problem
    page.locator("#checked .checked-sentence").nth(1).locator(".cite").first.click()
    assert page.locator("mark.support").count() == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "page-check-draft.png"))
    assert errors == []
    page.close()
