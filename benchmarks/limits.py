"""What one server request may ask of a worker: time and peak memory of a brief, by summarizer
and by the total characters of its articles.

Each brief is written as a worker writes it (``write_brief``, comparison included), in a fresh
process (its peak memory is its own), from distinct multinews-dev articles (exact copies would
be dropped as duplicates) adding up to each size. A summarizer's series stops after the first
brief over --stop seconds.

    python benchmarks/limits.py [--sizes 100000,250000,500000,1000000] [--stop 40]
                                [--summarizers a,b] [--adversarial]

With --adversarial, the articles are instead 100,000-character pieces of one text whose
sentences all share their words ("Officials met in Hanoi ... on day N."), the worst case of
the graph baselines (every pair of sentences linked).

Needs ../shared/data/multinews-dev.jsonl. The server's defaults (``ServerConfig``) are set from
these figures: every summarizer must finish the largest request it accepts well within the
time limit (30 s) on this 2-core machine, with the other core busy.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import time
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "multinews-dev.jsonl"


def articles(total: int) -> list[str]:
    """Distinct articles adding up to ``total`` characters (the last one cut to fit)."""
    out: list[str] = []
    size = 0
    seen: set[str] = set()
    with open(DATA, encoding="utf-8") as handle:
        for line in handle:
            for document in json.loads(line)["documents"]:
                text = document if isinstance(document, str) else document.get("text", "")
                if len(text) < 500 or text in seen:
                    continue
                seen.add(text)
                text = text[: total - size]
                out.append(text)
                size += len(text)
                if size >= total:
                    return out
    raise SystemExit(f"{DATA} holds fewer than {total} characters of articles")


ADVERSARIAL = "Officials met in Hanoi to plan the summit with leaders on day {}. "


def adversarial(total: int) -> list[str]:
    """Articles of sentences that all share their content words, adding up to ``total``."""
    text = "".join(ADVERSARIAL.format(i) for i in range(total // 60 + 1))[:total]
    return [text[i : i + 100_000] for i in range(0, len(text), 100_000)]


def _brief(summarizer: str, texts: list[str], answer: Any) -> None:
    from newsdesk.config import SummaryConfig
    from newsdesk.server.jobs import BriefJob, write_brief

    config = SummaryConfig(summarizer=summarizer, max_article_chars=1_000_000)
    write_brief(BriefJob(config, documents=[{"text": "Warm-up text. " * 20}]))  # models loaded
    start = time.perf_counter()
    try:
        write_brief(BriefJob(config, documents=[{"text": t} for t in texts]))
        outcome = "brief"
    except Exception as exc:
        outcome = f"{type(exc).__name__}: {str(exc)[:60]}"
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    answer.send((seconds, peak, outcome))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,250000,500000,1000000")
    parser.add_argument("--stop", type=float, default=40.0)
    parser.add_argument("--adversarial", action="store_true")
    parser.add_argument(
        "--summarizers", default="newsdesk,lead,centroid,concept,mmr,lexrank,textrank"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    context = multiprocessing.get_context("spawn")
    print("| summarizer | characters | articles | seconds | peak MiB | outcome |")
    print("|---|---|---|---|---|---|")
    for summarizer in args.summarizers.split(","):
        for size in sizes:
            texts = adversarial(size) if args.adversarial else articles(size)
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_brief, args=(summarizer, texts, send))
            process.start()
            if receive.poll(args.stop * 3):
                seconds, peak, outcome = receive.recv()
            else:
                process.kill()
                seconds, peak, outcome = float("inf"), float("nan"), "killed (no answer)"
            process.join()
            print(
                f"| {summarizer} | {size:,} | {len(texts)} | {seconds:.1f} | {peak:.0f} | "
                f"{outcome} |",
                flush=True,
            )
            if seconds > args.stop:
                break
    return 0


if __name__ == "__main__":
    sys.exit(main())
