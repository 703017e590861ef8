"""How long the test suite takes: the README's quick command, or any pytest arguments.

Usage:
  python benchmarks/suite_time.py [PYTEST ARGS ...]

With no arguments it runs the README's test command (``-n 4 -m "not slow"``). It prints the
wall time, the CPU time of the whole process tree (user + system of pytest and everything it
waited for: workers, servers, browsers) and pytest's last line (passed, failed, skipped), so
that a figure in RESULTS.md comes with what produced it. On a shared machine the wall time
depends on the load: the script prints the load average before and after too.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUICK = ["-n", "4", "-m", "not slow"]


def main(argv: list[str]) -> int:
    args = argv or QUICK
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
    before = os.getloadavg()
    start = time.perf_counter()
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    after = os.getloadavg()
    last = [line for line in run.stdout.splitlines() if line.strip()][-1:]
    print(f"command: {' '.join(command[1:])}")
    print(f"wall: {wall:.0f} s ({wall / 60:.1f} min); CPU: {used.ru_utime + used.ru_stime:.0f} s")
    print(
        f"load average (1 min) before/after: {before[0]:.1f} / {after[0]:.1f} "
        f"on {os.cpu_count()} cores"
    )
    print(f"pytest: {last[0] if last else '(no output)'} (exit {run.returncode})")
    if run.returncode:
        failed = [line for line in run.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
        print("\n".join(failed[:20]))
    return run.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
