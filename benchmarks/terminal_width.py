"""Text output on a terminal (issue 26): the longest line of each command at a width.

Usage:
  python benchmarks/terminal_width.py [--columns 80] [PATH]

Runs ``newsdesk summarize`` and ``newsdesk compare`` on PATH (default: the bundled example)
on a pseudo-terminal with ``COLUMNS`` set, as a person's terminal runs them, and through a
pipe; prints for each the longest line, the number of lines, and the sources as labelled.
"""

from __future__ import annotations

import argparse
import os
import pty
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def on_a_terminal(args: list[str], columns: int) -> str:
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", *args],
        stdout=slave,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": str(columns)},
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed: the command is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    process.wait()
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def piped(args: list[str]) -> str:
    command = [sys.executable, "-m", "newsdesk", *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--columns", type=int, default=80)
    parser.add_argument("path", nargs="?", default=str(ROOT / "examples" / "seed-cluster"))
    options = parser.parse_args()
    for command in ("summarize", "compare"):
        for how, text in (
            (
                f"terminal, COLUMNS={options.columns}",
                on_a_terminal([command, options.path], options.columns),
            ),
            ("pipe", piped([command, options.path])),
        ):
            lines = text.splitlines()
            print(f"{command} ({how}): longest line {max(map(len, lines))}, {len(lines)} lines")
    text = piped(["summarize", options.path])
    print("sources:")
    print(text.split("Sources:\n", 1)[1].split("\n\n", 1)[0])


if __name__ == "__main__":
    main()
