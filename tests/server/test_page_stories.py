"""The page's stories view (issue 17, item 6), in headless Chromium at a desktop and a phone
width: the list of the store's stories, a story's brief with its sources and its copies marked
as copies, a citation's supporting sentence, nothing wider than the screen, every text put in
as text, and a plain word when the server has no store. Screenshots go to ``test-artifacts/``.

The store is filled through ``POST /v1/articles`` of a ``newsdesk serve --db`` in its own
process: the five example articles, a truncated copy of the first carried by another outlet
(with markup in its labels, which must show as text), and three articles of another event
(``tests/fixtures/update``). The browser fixture is that of ``test_live`` (Debian's Chromium).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE, FIXTURES

from newsdesk.desk.store import Store
from server import test_live
from server.test_page import luminance

browser = test_live.browser
ARTIFACTS = test_live.ARTIFACTS
VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}
HOSTILE = '<img src=x onerror="window.pwned=1">Copy <b>Outlet</b>'
HOSTILE_TITLE = "<script>window.pwned=1</script>A title & more"
QUAKE_TIMES = {  # the earthquake's articles, published a day apart (a story's "since")
    "early.txt": "2019-11-26T08:00:00Z",
    "later.txt": "2019-11-27T09:00:00Z",
    "agency.txt": "2019-11-27T10:00:00Z",
}


def serve(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``newsdesk serve --db DB`` in its own process, once it answers, and its address."""
    port = test_live.free_port()
    command = [sys.executable, "-m", "newsdesk", "serve", "--port", str(port), "--workers", "1"]
    process = subprocess.Popen(
        [*command, "--db", str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                return process, url
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                error = process.stderr.read().decode() if process.stderr else ""
                pytest.fail(f"newsdesk serve did not start: {error[-2000:]}")
            time.sleep(0.2)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(timeout=30)


def desk_articles() -> list[dict[str, str]]:
    example = [
        {"id": p.name, "text": p.read_text(encoding="utf-8"), "source": p.stem}
        for p in sorted(EXAMPLE.glob("*.txt"))
    ]
    first = example[0]["text"]
    copy = {
        "id": "copy.txt",
        "text": first[: len(first) * 4 // 5],
        "source": HOSTILE,
        "title": HOSTILE_TITLE,
    }
    quake = [
        {
            "id": p.name,
            "text": p.read_text(encoding="utf-8"),
            "source": f"quake {p.stem}",
            "published": QUAKE_TIMES[p.name],
        }
        for p in sorted((FIXTURES / "update").glob("*/*.txt"))
    ]
    return [*example, copy, *quake]


def get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=120) as answer:
        return json.loads(answer.read())


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    process, url = serve(tmp_path_factory.mktemp("desk") / "desk.db")
    try:
        request = urllib.request.Request(
            f"{url}/v1/articles",
            data=json.dumps({"articles": desk_articles()}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as answer:
            added = json.loads(answer.read())
        assert (added["new"], added["copies"]) == (8, 1), added
        yield url
    finally:
        stop(process)


def overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than its window (0: no sideways scrolling)."""
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


def open_page(browser: Any, url: str, size: tuple[int, int]) -> Any:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    page.goto(url)
    return page


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.screenshot(path=str(ARTIFACTS / f"stories-{name}-{size['width']}x{size['height']}.png"))


def the_example_story(stories: list[dict[str, Any]]) -> dict[str, Any]:
    (story,) = [s for s in stories if "copy.txt" in s["input_ids"]]
    return story


@pytest.mark.parametrize("name", VIEWPORTS)
def test_the_list_shows_each_story_as_the_api_gives_it(desk: str, browser: Any, name: str) -> None:
    stories = get(f"{desk}/v1/stories?ids=true")["stories"]
    assert len(stories) >= 2  # the example's story and the earthquake's
    page = open_page(browser, desk, VIEWPORTS[name])
    page.click("#view-stories")
    page.wait_for_selector(".story-item")
    assert page.locator("#view-stories").get_attribute("aria-pressed") == "true"
    assert not page.locator("#brief-form").is_visible()
    items = page.locator(".story-item")
    assert items.count() == len(stories)
    for i, story in enumerate(stories):
        item = items.nth(i)
        assert item.locator(".story-open").text_content() == story["headline"]
        meta = item.locator(".story-meta").text_content()
        assert (
            f"{story['articles']} article" in meta
            and f"first published {story['first_published'][:10]}" in meta
        )
    example = items.nth(stories.index(the_example_story(stories)))
    meta = example.locator(".story-meta").text_content()
    assert "5 articles · 1 copy · first published " in meta and " UTC · last published " in meta
    assert meta.endswith("(times added: no article says when it was published)")
    outlets = example.locator(".story-outlets").text_content()
    assert outlets.startswith("6 outlets: 000_d20ab8346781905e, ") and HOSTILE in outlets
    assert overflow(page) == 0
    assert page.evaluate("window.pwned") is None and page.locator("img").count() == 0
    assert page.errors == []
    screenshot(page, f"{name}-list")
    page.close()


@pytest.mark.parametrize("name", VIEWPORTS)
def test_a_story_opens_with_its_sources_its_copies_and_citations(
    desk: str, browser: Any, name: str
) -> None:
    story = the_example_story(get(f"{desk}/v1/stories?ids=true")["stories"])
    # Deterministic: what the page will show (it asks for the comparison, as it shows it).
    brief = get(f"{desk}/v1/stories/{story['id']}?compare=true")
    page = open_page(browser, f"{desk}/#stories", VIEWPORTS[name])  # the view from the address
    page.click(f".story-open[data-story='{story['id']}']")
    page.wait_for_selector("#brief .cite")
    assert page.evaluate("document.activeElement.id") == "brief-heading"
    assert (
        page.locator("#brief-story").text_content() == f"Story {story['id']}: {story['headline']}"
    )
    assert [s.text_content() for s in page.locator("#brief .sentence").all()] == [
        s["text"] for s in brief["sentences"]
    ]
    assert "5 sources · 1 copy (not sources)" in page.locator("#brief-meta").text_content()
    assert brief["comparison"]["timeline"]
    assert page.locator("#timeline li").count() == len(brief["comparison"]["timeline"])

    # Five numbered sources, then the copy: marked, unnumbered, never cited.
    originals = page.locator("#sources .source:not(.copy)")
    assert originals.count() == 5
    heads = [h.text_content() for h in originals.locator(".source-head").all()]
    assert [h.split(" ")[0] for h in heads] == ["[1]", "[2]", "[3]", "[4]", "[5]"]
    (copy,) = page.locator("#sources .source.copy").all()
    assert copy.locator(".source-head").text_content() == HOSTILE + "copy"
    copy_meta = copy.locator(".source-meta").text_content()
    assert copy_meta.startswith("near-duplicate of [1] 000_d20ab8346781905e")
    assert HOSTILE_TITLE in copy_meta
    assert f"also carried by {HOSTILE} (copies)" in originals.nth(0).text_content()
    assert page.locator("#brief .cite[data-article='copy.txt']").count() == 0
    screenshot(page, f"{name}-story")

    # A citation of the second source cited by a sentence where one has two (since issue 23
    # the example's outlets may share none), else the first sentence's own.
    position, sentence = next(
        ((i, s) for i, s in enumerate(brief["sentences"]) if len(s["evidence"]) > 1),
        (0, brief["sentences"][0]),
    )
    evidence = sorted(
        sentence["evidence"],
        key=lambda e: [a["id"] for a in brief["articles"]].index(e["article_id"]),
    )[-1]
    article = next(a for a in brief["articles"] if a["id"] == evidence["article_id"])
    page.locator("#brief .markers").nth(position).locator(
        f".cite[data-article='{article['id']}']"
    ).click()
    mark = page.locator(f"#source-{article['number']} mark.support")
    expected = "".join(list(article["text"])[evidence["start"] : evidence["end"]])
    assert mark.text_content() == expected
    # Shown under its sentence first (issue 26), then in its article on asking.
    assert page.locator("#evidence .evidence-text").text_content() == expected
    page.click("#evidence >> text=Show in the article")
    box = mark.bounding_box()
    size = VIEWPORTS[name]
    assert box is not None and 0 <= box["y"] < size[1] and box["x"] + box["width"] <= size[0] + 0.5
    assert page.evaluate("window.scrollX") == 0 and overflow(page) == 0
    assert page.evaluate("window.pwned") is None and page.locator("img").count() == 0
    assert page.errors == []
    screenshot(page, f"{name}-citation")
    page.close()


def test_each_view_keeps_its_own_brief(desk: str, browser: Any) -> None:
    page = open_page(browser, desk, VIEWPORTS["desktop"])
    test_live.paste(
        page,
        [
            (
                "pasted",
                (EXAMPLE / sorted(p.name for p in EXAMPLE.glob("*.txt"))[1]).read_text(
                    encoding="utf-8"
                ),
            )
        ],
    )
    page.click("#submit")
    page.wait_for_selector("#brief .cite")
    written = page.locator("#brief").text_content()
    page.click("#view-stories")
    page.wait_for_selector(".story-item")
    assert not page.locator("#result").is_visible()  # the pasted brief is not a story's
    page.locator(".story-open").first.click()
    page.wait_for_selector("#brief-story:not([hidden])")
    page.click("#view-write")
    assert page.locator("#brief-form").is_visible()
    assert page.locator("#brief").text_content() == written
    assert not page.locator("#brief-story").is_visible()
    assert page.locator("#sources .source").count() == 1
    assert page.errors == []
    page.close()


def test_a_server_without_a_store_says_so(browser: Any, tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here.db"
    process, url = serve(missing)
    try:
        page = open_page(browser, url, VIEWPORTS["phone"])
        page.click("#view-stories")
        page.wait_for_selector("#stories-none:not([hidden])")
        said = page.locator("#stories-none").text_content()
        assert said.startswith("No stories: there is no store of stories yet: ")
        assert "newsdesk add --db PATH" in said
        assert page.locator(".story-item").count() == 0 and overflow(page) == 0
        assert page.errors == []
        screenshot(page, "phone-no-store")
        page.close()
    finally:
        stop(process)
    assert not missing.exists()  # looking did not create a store


def test_an_empty_store_says_how_to_fill_it(browser: Any, tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    Store(db).close()  # a store with its schema and no article
    process, url = serve(db)
    try:
        page = open_page(browser, f"{url}/#stories", VIEWPORTS["desktop"])
        page.wait_for_selector("#stories-none:not([hidden])")
        said = page.locator("#stories-none").text_content()
        assert said.startswith("No stories yet: the store is empty. Add articles with ")
        assert page.errors == []
        page.close()
    finally:
        stop(process)


def test_the_stories_view_in_dark_mode(desk: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto(f"{desk}/#stories")
    story = the_example_story(get(f"{desk}/v1/stories?ids=true")["stories"])
    page.click(f".story-open[data-story='{story['id']}']")
    page.wait_for_selector("#brief .cite")
    colors = page.evaluate(
        """() => {
      const color = (selector, what) => getComputedStyle(document.querySelector(selector))[what];
      return {panel: color("#stories-view", "backgroundColor"),
              headline: color(".story-open:not([aria-current])", "color"),
              chosen: color(".story-item:has([aria-current]) .story-open", "color"),
              copy: color(".source.copy .source-head", "color")};
    }"""
    )
    panel = luminance(colors["panel"])
    assert panel < 0.2
    for name in ("headline", "chosen", "copy"):
        assert luminance(colors[name]) - panel > 0.4, (name, colors)
    page.locator(".story-item").first.scroll_into_view_if_needed()
    screenshot(page, "desktop-dark-list")
    context.close()


@pytest.mark.parametrize("name", VIEWPORTS)
def test_the_stories_can_be_filtered_by_time_and_sources(
    desk: str, browser: Any, name: str
) -> None:
    """Issue 26, item 10: the list's filters are the API's (since, min_sources)."""
    page = open_page(browser, desk, VIEWPORTS[name])
    page.click("#view-stories")
    page.wait_for_selector(".story-item")
    every = page.locator(".story-item").count()
    with page.expect_request("**/v1/stories?min_sources=5") as asked:
        page.select_option("#stories-min-sources", "5")
    assert asked.value.url.endswith("/v1/stories?min_sources=5")
    wanted = get(f"{desk}/v1/stories?min_sources=5")["stories"]
    from playwright.sync_api import expect  # the page's CSP forbids wait_for_function's eval

    expect(page.locator(".story-item")).to_have_count(len(wanted))
    assert 0 < len(wanted) < every  # the earthquake's story has fewer sources
    shown = page.locator(".story-open").all_text_contents()
    assert shown == [s["headline"] for s in wanted]
    with page.expect_request("**/v1/stories?since=1w&min_sources=5"):
        page.select_option("#stories-since", "1w")
    assert overflow(page) == 0 and page.errors == []
    screenshot(page, f"{name}-filtered")
    page.close()


@pytest.mark.parametrize("name", VIEWPORTS)
def test_the_list_takes_the_width_and_a_story_opens_beside_it_or_in_its_place(
    desk: str, browser: Any, name: str
) -> None:
    """Issue 26, item 10: no empty sources panel beside the list; on a desktop the chosen
    story opens beside the list (master-detail: the list in its own column, the story, its
    sources), on a phone right under its headline (not below every story); there again after
    a refresh."""
    size = VIEWPORTS[name]
    page = open_page(browser, desk, size)
    page.click("#view-stories")
    page.wait_for_selector(".story-item")
    assert not page.locator(".sources-panel").is_visible()
    listed = page.locator("#stories-view").bounding_box()
    assert listed is not None and listed["width"] > 0.85 * size[0]
    stories = get(f"{desk}/v1/stories?ids=true")["stories"]  # (input ids when asked)
    chosen = stories.index(the_example_story(stories))
    item = page.locator(".story-item").nth(chosen)
    item.locator(".story-open").click()
    page.wait_for_selector("#brief .cite")
    assert page.locator(".sources-panel").is_visible()
    head = item.locator(".story-open").bounding_box()
    meta = item.locator(".story-meta").bounding_box()  # the story's dates, after its outlets
    result = page.locator("#result").bounding_box()
    column = page.locator("#stories-view").bounding_box()
    sources = page.locator(".sources-panel").bounding_box()
    assert head is not None and meta is not None and result is not None
    assert column is not None and sources is not None
    if name == "desktop":
        assert item.locator("#result").count() == 0  # beside the list, not in it
        # Three columns side by side, each starting in the window: list, story, sources.
        assert column["x"] + column["width"] <= result["x"] < sources["x"]
        assert sources["x"] + sources["width"] <= size[0] + 0.5
        assert column["width"] >= 250 and result["width"] >= 400
        assert all(0 <= box["y"] < size[1] for box in (column, result, sources))
        assert 0 <= head["y"] < size[1]  # the chosen headline still in view, marked
        assert item.locator(".story-open").get_attribute("aria-current") == "true"
    else:
        assert item.locator("#result").count() == 1  # in its place in the list
        # Right under the story's own lines (how tall they are depends on its outlets, dates).
        assert head["y"] < meta["y"] and 0 <= result["y"] - (meta["y"] + meta["height"]) < 40
        assert 0 <= result["y"] < 40  # brought to the top of the window
    assert overflow(page) == 0
    screenshot(page, f"{name}-master-detail" if name == "desktop" else f"{name}-in-place")
    page.click("#stories-refresh")
    page.wait_for_selector("#brief .cite")
    page.wait_for_selector(".story-open[aria-current='true']")
    assert (page.locator(".story-item").nth(chosen).locator("#result").count() == 1) == (
        name == "phone"
    )
    assert page.errors == []
    page.close()


@pytest.mark.parametrize("name", VIEWPORTS)
def test_a_story_since_a_time_shows_what_is_new_in_it(desk: str, browser: Any, name: str) -> None:
    """Issue 26, item 11: the page's "since" for one story asks ``/v1/stories/{id}?since=``:
    the brief of what the later articles add, the earlier ones listed as read."""
    stories = get(f"{desk}/v1/stories?ids=true")["stories"]
    (quake,) = [s for s in stories if "early.txt" in s["input_ids"]]
    expected = get(f"{desk}/v1/stories/{quake['id']}?compare=true&since=2019-11-27")
    assert expected["sentences"] and expected["focus"]["seen_articles"] == 1
    page = open_page(browser, f"{desk}/#stories", VIEWPORTS[name])
    page.wait_for_selector(".story-item")
    page.fill("#story-since", "2019-11-27")
    with page.expect_request(f"**/v1/stories/{quake['id']}?compare=true&since=2019-11-27"):
        page.click(f".story-open[data-story='{quake['id']}']")
    page.wait_for_selector("#brief .cite")
    from playwright.sync_api import expect  # the page's CSP forbids wait_for_function's eval

    story_line = page.locator("#brief-story")
    expect(story_line).to_contain_text("new since 2019-11-27 00:00 UTC")
    assert story_line.text_content().endswith("(1 article before it counted as read)")
    assert [s.text_content() for s in page.locator("#brief .sentence").all()] == [
        s["text"] for s in expected["sentences"]
    ]
    assert page.locator("#sources .source:not(.copy)").count() == 2  # the two new, numbered
    (read,) = page.locator("#sources .source.read").all()
    assert read.locator(".source-head").text_content() == "quake earlyread"
    assert (
        read.locator(".source-meta")
        .text_content()
        .startswith("before 2019-11-27 00:00 UTC: counted as read")
    )
    assert overflow(page) == 0
    screenshot(page, f"{name}-since")

    # A time with nothing new after it: said plainly, no brief.
    page.fill("#story-since", "2019-12-01")
    page.locator("#story-since").dispatch_event("change")
    expect(page.locator("#stories-status")).to_contain_text(
        f"Story {quake['id']} has no brief: nothing new in story {quake['id']} since "
    )
    assert not page.locator("#result").is_visible()
    # Emptied: the whole story again.
    page.fill("#story-since", "")
    page.locator("#story-since").dispatch_event("change")
    page.wait_for_selector("#brief .cite")
    expect(page.locator("#brief-story")).not_to_contain_text("new since")
    assert page.locator("#sources .source.read").count() == 0
    assert page.errors == []
    page.close()
