"""The page's layout as a reader meets it (issue 19): how wide the page is at a desktop and a
phone width, before and after the brief and after clicking a citation, whether clicking
scrolls sideways, and where the brief is once written.

Starts ``newsdesk serve`` (the one importable by this Python: set ``PYTHONPATH=OTHER/src`` to
measure another checkout), pastes the example's five articles, writes the brief and clicks a
citation of another outlet than the sentence's own, in Debian's Chromium (``chromium`` on
PATH or ``NEWSDESK_CHROMIUM``).

    python benchmarks/page_layout.py
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "seed-cluster"
VIEWPORTS = [(1366, 900), (390, 844)]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "newsdesk", "serve", "--port", str(port), "--workers", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("newsdesk serve did not start")


def width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def measure(browser: Any, url: str, size: tuple[int, int]) -> dict[str, object]:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(url)
    names = sorted(p.name for p in EXAMPLE.glob("*.txt"))
    while page.locator(".article-box").count() < len(names):
        page.click("#add-article")
    for i, name in enumerate(names):
        box = page.locator(".article-box").nth(i)
        box.locator(".source-input").fill(name)
        box.locator(".article-text").fill((EXAMPLE / name).read_text(encoding="utf-8"))
    before = width(page)
    page.click("#submit")
    page.wait_for_selector("#brief .cite")
    after = width(page)
    brief_top = page.locator("#brief").bounding_box()["y"]
    # A citation that is not the sentence's own article: the second marker of a group.
    groups = page.locator("#brief .markers")
    target = next(
        groups.nth(i).locator(".cite").nth(1)
        for i in range(groups.count())
        if groups.nth(i).locator(".cite").count() > 1
    )
    target.click()
    result = {
        "viewport": f"{size[0]}x{size[1]}",
        "page width before the brief": before,
        "after the brief": after,
        "after clicking a citation": width(page),
        "sideways scroll after the click": page.evaluate("window.scrollX"),
        "brief's top after writing (px from the top of the window)": round(brief_top),
        "brief in view": 0 <= brief_top < size[1],
    }
    page.close()
    return result


def main() -> None:
    executable = os.environ.get("NEWSDESK_CHROMIUM") or shutil.which("chromium")
    if not executable:
        raise SystemExit("Debian's chromium is needed (apt-get install chromium)")
    process, url = start_server()
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            rows = [measure(browser, url, size) for size in VIEWPORTS]
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
    for key in rows[0]:
        print(f"{key:<60}" + "".join(f"{row[key]!s:>12}" for row in rows))


if __name__ == "__main__":
    main()
