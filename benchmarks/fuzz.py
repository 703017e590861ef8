"""The fuzz properties of tests/test_fuzz.py, run long: random bytes, random JSON and random
file trees through the command's readers and ``POST /v1/briefs``, and random answers of a chat
endpoint on 127.0.0.1 (redirects to another origin, broken and deeply nested JSON, bytes,
answers trickled past the deadline) through the ``llm`` writer.

    python benchmarks/fuzz.py [--examples 500]

Seven properties, each with --examples inputs (hypothesis); prints how many inputs were tried,
how long it took, and pytest's verdict. Exit status: pytest's.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

PROPERTIES = 7  # two of the command, four of the API, one of the llm writer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=500, help="inputs per property")
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    environment = {**os.environ, "NEWSDESK_FUZZ_EXAMPLES": str(args.examples)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_fuzz.py"],
        cwd=root,
        env=environment,
    )
    seconds = time.perf_counter() - started
    print(
        f"{PROPERTIES} properties x {args.examples} examples = {PROPERTIES * args.examples} "
        f"inputs (at most: hypothesis stops early on a small input space) in {seconds:.0f} s; "
        f"pytest exit status {done.returncode}"
    )
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
