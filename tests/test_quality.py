"""The quality benchmark's pinned floors hold (runs only where ../shared/data is present)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, shared_file


@pytest.mark.slow  # over 10 s here (issue 26): CI runs it, the quick run does not
def test_default_summarizer_stays_above_the_pinned_floors() -> None:
    shared_file("multinews-dev.jsonl")
    shared_file("duc2003-task2.jsonl")
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "quality.py"), "--floor"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "BELOW FLOOR" not in run.stdout
