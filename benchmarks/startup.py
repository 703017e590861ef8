"""Start-up cost of the ``newsdesk`` command: CPU time of whole processes, best of several runs.

Usage:
  python benchmarks/startup.py [--repeat 7] [--modules]

Each row runs one command in a fresh process (the ``newsdesk`` script beside this Python, as a
user runs it) and reports the user + system CPU time of that process and its children, the
best (lowest) of ``--repeat`` runs, and the wall time of that run. The commands are the ones
issue 27 names: ``--help``, ``-V``, ``summarizers``, a usage error, one TAB of bash completion,
``import newsdesk``, and a whole ``summarize`` of the example. With ``--modules`` each row also
says which of the heavy libraries the process imported (numpy, scipy, sqlalchemy, trafilatura,
dateparser, ...), from a second run under ``python -X importtime``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).parent / "newsdesk"
EXAMPLE = ROOT / "examples" / "seed-cluster"
HEAVY = (
    "numpy",
    "scipy",
    "sqlalchemy",
    "trafilatura",
    "dateparser",
    "onnxruntime",
    "fastapi",
    "datasketch",
    "feedparser",
    "rouge_score",
    "tqdm",
)

# name, argv after the program, extra environment
COMMANDS: tuple[tuple[str, tuple[str, ...], dict[str, str]], ...] = (
    ("newsdesk --help", ("--help",), {}),
    ("newsdesk -V", ("-V",), {}),
    ("newsdesk summarizers", ("summarizers",), {}),
    ("newsdesk summarize (usage error)", ("summarize",), {}),
    (
        "bash completion: newsdesk su<TAB>",
        (),
        {"_NEWSDESK_COMPLETE": "bash_complete", "COMP_WORDS": "newsdesk su", "COMP_CWORD": "1"},
    ),
    ("newsdesk summarize examples/seed-cluster", ("summarize", str(EXAMPLE)), {}),
)


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """CPU seconds (user + system, the process and the children it waited for), wall seconds
    and the exit code of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime, wall, process.returncode


def _imported(python_args: list[str], env: dict[str, str]) -> list[str]:
    """Which of :data:`HEAVY` ``python PYTHON_ARGS`` imports, from ``-X importtime``'s report."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *python_args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    found = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip().split(".")[0]
            if name in HEAVY:
                found.add(name)
    return sorted(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each command (best kept)")
    parser.add_argument(
        "--modules", action="store_true", help="also list the heavy libraries each imports"
    )
    args = parser.parse_args()
    # Timed as a user runs it: the installed script (else python -m newsdesk).
    program = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "newsdesk"]
    rows = [("python -c 'import newsdesk'", [sys.executable], ["-c", "import newsdesk"], {})]
    rows += [(name, program, ["-m", "newsdesk", *argv], env) for name, argv, env in COMMANDS]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, best of {args.repeat} runs")
    print(f"{'command':<44} {'CPU s':>7} {'wall s':>7}  exit")
    for name, launcher, python_args, env in rows:
        argv = [*launcher, *python_args[2:]] if launcher is program else [*launcher, *python_args]
        best = min(_run(argv, env) for _ in range(args.repeat))
        line = f"{name:<44} {best[0]:>7.3f} {best[1]:>7.3f}  {best[2]}"
        if args.modules:
            heavy = _imported(python_args, env)
            line += "  " + (", ".join(heavy) if heavy else "(none heavy)")
        print(line, flush=True)


if __name__ == "__main__":
    main()
