"""What the command imports to start: help, the version, the list of summarizers, usage errors
and shell completion load none of the heavy libraries (the time they take is measured by
benchmarks/startup.py, not here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = (
    "numpy",
    "scipy",
    "sqlalchemy",
    "trafilatura",
    "dateparser",
    "onnxruntime",
    "fastapi",
    "uvicorn",
    "datasketch",
    "feedparser",
    "rouge_score",
    "tqdm",
    "punkt",
    "charset_normalizer",
)

# Run the command in a fresh interpreter, then say which heavy libraries it imported.
PROGRAM = """
import json, sys
from newsdesk.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:  # shell completion exits by itself
    code = exc.code
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))
print("\\n" + json.dumps({"code": code, "heavy": heavy}))
"""


def _run(args: list[str], env: dict[str, str] | None = None) -> dict[str, object]:
    program = f"HEAVY = {HEAVY!r}\n" + PROGRAM
    done = subprocess.run(
        [sys.executable, "-c", program, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )
    assert done.stdout.strip(), done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--help"], 0),
        (["-V"], 0),
        ([], 0),
        (["summarizers"], 0),
        (["summarize", "--help"], 0),
        (["serve", "--help"], 0),
        (["add", "--help"], 0),
        (["batch", "--help"], 0),
        (["summarize"], 2),  # a missing argument
        (["summarize", "x", "--nope"], 2),  # an unknown option
        (["summarize", "x", "--words", "0"], 2),  # a value out of range
        (["check", "x", "--against", "-"], 2),  # options that do not go together
        (["evaluate", "x.jsonl", "--words", "0"], 2),
        (["nosuch"], 2),
    ],
)
def test_a_command_that_does_no_work_imports_no_heavy_library(args: list[str], code: int) -> None:
    assert _run(args) == {"code": code, "heavy": []}


@pytest.mark.parametrize("words", ["newsdesk su", "newsdesk summarize --f", "newsdesk serve --"])
def test_shell_completion_imports_no_heavy_library(words: str) -> None:
    env = {
        "_NEWSDESK_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    assert _run([], env) == {"code": 0, "heavy": []}


def test_import_newsdesk_imports_no_heavy_library_and_the_names_still_work() -> None:
    program = (
        "import sys, newsdesk\n"
        f"print(sorted({{n.split('.')[0] for n in sys.modules}} & set({HEAVY!r})))\n"
        "from newsdesk.check import CheckResult\n"  # a submodule loaded before its namesake
        "print(callable(newsdesk.check), callable(newsdesk.render), newsdesk.Story.__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.splitlines() == ["[]", "True True Story"]
