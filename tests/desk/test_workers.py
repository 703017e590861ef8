"""Workers never outlive ``newsdesk add``: killed with SIGKILL, it leaves no process behind."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .streams import synthetic_articles

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the process tree from /proc"
)


def _children(pid: int) -> set[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return set()
    return {int(child) for child in text.split()}


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has exited


def test_killing_add_with_two_jobs_leaves_no_worker(tmp_path: Path) -> None:
    stream = tmp_path / "many.jsonl"
    records = synthetic_articles(4000, "many")
    stream.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = str(tmp_path / "desk.db")
    add = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "add", str(stream), "-j", "2", "-q", "--db", db],
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    workers: set[int] = set()
    while len(workers) < 2 and time.monotonic() < deadline and add.poll() is None:
        workers = _children(add.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the workers did not start"
    add.send_signal(signal.SIGKILL)
    add.wait(timeout=10)
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)
