"""Every regular expression newsdesk applies to untrusted text, against adversarial strings.

For each compiled pattern in the package (found by walking every module's globals, tuples of
rules included) and for the text functions that do not use one pattern alone (Markdown to
text), each adversarial fragment is repeated into a string of --size bytes (1 MB) and the
pattern scanned over all of it (``finditer``: every start position, so per-line patterns are
tested harder than they are used). A linear scan of 1 MB takes milliseconds; a backtracking
one takes minutes. Each is first tried on 64 KB and skipped at 1 MB (reported as failed)
when that already passes the bound.

    python benchmarks/adversarial_text.py [--size 1000000] [--bound 5.0]

Exit status 1 when any scan passes the bound.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import newsdesk

# Fragments that make backtracking regular expressions explode: openers without closers,
# runs of spaces or separators, repeated words that start a match and never finish one.
FRAGMENTS = [
    *("*a ", "_a ", "**a ", "[a", "[a](", "![a](b", "# ", "(a/", "(a", " ", "\t", " \n"),
    *(" -", ", ", ";", "a", "e", "A ", "A.", "Aa ", "Aa Bb, ", "A-", "LONDON, ", "1,000,"),
    *("9 ", "in the ", "“", "“aaaa ", '"a', ".", '."', "http://", "<p", "death toll "),
    *("next summit ", "Jan. 1 ", "Monday ", "Aa said ", "(AP) ", "contact us at ", "Mr."),
]
# Whole articles of the server's largest size (200,000 characters) made of one fragment, with
# a normal article beside them, through the whole pipeline with the comparison.
ARTICLE_CHARS = 200_000
ARTICLE_FRAGMENTS = ["*a ", "“aaaa ", "Monday ", "A. ", "a ", "in the ", "Aa Bb, ", "1,000 "]


def patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    """Every compiled pattern in newsdesk's modules, named by module and variable."""
    seen: set[int] = set()
    for info in pkgutil.walk_packages(newsdesk.__path__, "newsdesk."):
        if info.name.startswith("newsdesk.server") or info.name.endswith("__main__"):
            continue  # the server holds no text pattern (and needs its extra); __main__ runs
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            for number, pattern in enumerate(_found(value)):
                if id(pattern) not in seen:
                    seen.add(id(pattern))
                    yield f"{info.name}.{name}" + (f"[{number}]" if number else ""), pattern


def _found(value: Any, depth: int = 0) -> Iterator[re.Pattern[str]]:
    if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
        yield value
    elif isinstance(value, (tuple, list)) and depth < 3:
        for item in value:
            yield from _found(item, depth + 1)
    elif isinstance(value, dict) and depth < 3:
        for item in value.values():
            yield from _found(item, depth + 1)


def functions() -> Iterator[tuple[str, Callable[[str], Any]]]:
    """Text functions built of several patterns or of code around them."""
    from newsdesk.ingest import normalise_text
    from newsdesk.ingest.markdown import markdown_to_text

    yield "newsdesk.ingest.markdown.markdown_to_text", markdown_to_text
    yield "newsdesk.ingest.normalise_text", normalise_text


def _timed(call: Callable[[str], Any], text: str) -> float:
    start = time.perf_counter()
    call(text)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--bound", type=float, default=5.0, help="seconds a scan may take")
    parser.add_argument(
        "--pipeline-bound", type=float, default=30.0, help="seconds a brief may take (server)"
    )
    args = parser.parse_args()
    subjects: list[tuple[str, Callable[[str], Any]]] = [
        (name, lambda text, p=pattern: sum(1 for _ in p.finditer(text)))
        for name, pattern in patterns()
    ]
    subjects += list(functions())
    slow: list[str] = []
    scans = 0
    worst = (0.0, "", "")
    started = time.perf_counter()
    for name, call in subjects:
        for fragment in FRAGMENTS:
            small = (fragment * (65_536 // len(fragment) + 1))[:65_536]
            scans += 1
            if _timed(call, small) > args.bound / 16:
                slow.append(f"{name} on {fragment!r} x 64 KB: over {args.bound / 16:.3f} s")
                continue
            text = (fragment * (args.size // len(fragment) + 1))[: args.size]
            seconds = _timed(call, text)
            worst = max(worst, (seconds, name, fragment))
            if seconds > args.bound:
                slow.append(f"{name} on {fragment!r} x {args.size:,}: {seconds:.2f} s")
    print(f"{len(subjects)} patterns and functions x {len(FRAGMENTS)} fragments = {scans} scans")
    print(f"strings of {args.size:,} characters; bound {args.bound} s a scan")
    print(f"slowest within the bound: {worst[1]} on {worst[2]!r}: {worst[0]:.3f} s")
    print(f"total {time.perf_counter() - started:.0f} s")
    slow += _pipeline(args.pipeline_bound)
    for line in slow:
        print("OVER THE BOUND:", line)
    return 1 if slow else 0


def _pipeline(bound: float) -> list[str]:
    from pathlib import Path

    from newsdesk import story_from_cluster, summarize_story
    from newsdesk.errors import NewsdeskError

    normal = (Path(__file__).parent.parent / "examples" / "seed-cluster").glob("*.txt")
    beside = next(iter(sorted(normal))).read_text(encoding="utf-8")
    slow = []
    for fragment in ARTICLE_FRAGMENTS:
        text = (fragment * (ARTICLE_CHARS // len(fragment) + 1))[:ARTICLE_CHARS]
        record = {"documents": [text, beside]}
        start = time.perf_counter()
        try:
            summarize_story(story_from_cluster(record), compare=True)
            outcome = "brief"
        except NewsdeskError as exc:
            outcome = f"refused: {str(exc)[:60]}"
        seconds = time.perf_counter() - start
        print(f"pipeline {fragment!r} x {ARTICLE_CHARS:,}: {seconds:.2f} s, {outcome}")
        if seconds > bound:
            slow.append(f"pipeline on {fragment!r}: {seconds:.1f} s")
    return slow


if __name__ == "__main__":
    sys.exit(main())
