"""Speed of newsdesk against its peer, sumy's LexRank, measured in one run on one machine.

Usage:
  python benchmarks/speed.py [--data ../shared/data] [--repeat 3] [--peer-python PATH]
                             [--no-peer] [--peer-lowercased] [--skip SECTION ...]
                             [--before SRC]

Sections (every timing is a whole command, start-up included, unless said otherwise):
  throughput  multinews-dev.jsonl: clusters/s of `newsdesk batch` (default summarizer) with
              1 and 2 jobs, and of sumy's LexRank (one process); the runs interleaved
              (newsdesk, newsdesk --jobs 2, sumy, then again), best of --repeat each, in CPU
              time (user + system of the whole process tree, start-up included: what a shared
              machine's load disturbs least) and in wall time. With --before SRC, the
              newsdesk of another checkout's src/ folder (PYTHONPATH=SRC) runs among them
              too: before and after a change, measured in the same spell.
  lowercased  all of multinews-plus-test-lowercased.jsonl with --jobs 2: seconds and peak
              resident memory of the whole process tree (sampled every 20 ms).
              --peer-lowercased also times sumy there (about two minutes).
  sweep       one cluster of 10, 50, 200 and 1,000 articles, timed in this process after a
              warm-up. The articles are every distinct article of the non-lower-cased sets of
              --data (duc2006-main, duc2007-update, duc2003-task2, duc2003-task4,
              multinews-dev, multiling2011-english), in file order; a cluster of n articles
              is the first n. They are not one event: that costs the summarizer no less.
  resume      the lower-cased run killed (SIGKILL) once 40% of its lines are written, then
              re-run with --resume: the file must equal the uninterrupted run's.
  dask        multinews-dev with --engine dask --jobs 2 (a LocalCluster): time, and whether
              the output equals the local run's.

The peer runs in its own environment, benchmarks/peer/.venv, created on first use from
benchmarks/peer/requirements.txt (sumy 0.13.0 with pysbd; see benchmarks/peer/sumy_lexrank.py).

Both programs start from compiled bytecode, as installed packages do: pip compiles the peer's
modules when it installs them, and this script compiles newsdesk's (``compileall``) before the
runs, so that an editable checkout under ``PYTHONDONTWRITEBYTECODE`` does not pay for compiling
its sources on every start.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import platform
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import psutil

from newsdesk.batch import summarize_record
from newsdesk.config import SummaryConfig
from newsdesk.segment import warm_up

HERE = Path(__file__).resolve().parent
PEER = HERE / "peer"
SWEEP_SIZES = (10, 50, 200, 1000)
SWEEP_SETS = (
    "duc2006-main",
    "duc2007-update",
    "duc2003-task2",
    "duc2003-task4",
    "multinews-dev",
    "multiling2011-english",
)
SECTIONS = ("throughput", "lowercased", "sweep", "resume", "dask")
NEWSDESK = [sys.executable, "-m", "newsdesk", "batch"]


def measure(command: Sequence[str], stdout: Path | None = None) -> tuple[float, int]:
    """Wall seconds of a command, and the peak resident memory of its process tree (bytes)."""
    seconds, peak, _ = measure_cpu(command, stdout)
    return seconds, peak


def measure_cpu(
    command: Sequence[str], stdout: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, int, float]:
    """:func:`measure`, and the CPU seconds (user + system) of the command's process tree: the
    children's rusage grows by what every process it started and waited for used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(stdout or os.devnull, "wb") as out:
        start = time.perf_counter()
        process = psutil.Popen(list(command), stdout=out, stderr=subprocess.PIPE, env=env)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_rss(process))
            time.sleep(0.02)
        elapsed = time.perf_counter() - start
    if process.returncode != 0:
        error = process.stderr.read().decode(errors="replace") if process.stderr else ""
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{error}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, peak, cpu


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for member in members:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += member.memory_info().rss
    return total


def clusters_in(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())


def peer_python(given: str | None) -> str:
    if given:
        return given
    python = PEER / ".venv" / "bin" / "python"
    if not python.exists():
        print(f"creating the peer's environment in {python.parent.parent} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(PEER / ".venv")], check=True)
        pip = [str(python), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "-r", str(PEER / "requirements.txt")], check=True)
    return str(python)


def throughput(data: Path, repeat: int, peer: str | None, before: Path | None = None) -> list[str]:
    dev = data / "multinews-dev.jsonl"
    n = clusters_in(dev)
    runs = {
        "newsdesk, 1 job": [*NEWSDESK, str(dev), "--quiet"],
        "newsdesk, 2 jobs": [*NEWSDESK, str(dev), "--quiet", "--jobs", "2"],
    }
    environments: dict[str, dict[str, str]] = {}
    if before is not None:
        name = f"newsdesk before ({before}), 1 job"
        runs[name] = [*NEWSDESK, str(dev), "--quiet"]
        environments[name] = {**os.environ, "PYTHONPATH": str(before)}
    if peer is not None:
        runs["sumy LexRank, 1 process"] = [peer, str(PEER / "sumy_lexrank.py"), str(dev)]
    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    for _ in range(repeat):  # interleaved: a busy spell of the machine falls on every run alike
        for name, command in runs.items():
            seconds, _peak, used = measure_cpu(command, env=environments.get(name))
            wall[name] = min(wall.get(name, seconds), seconds)
            cpu[name] = min(cpu.get(name, used), used)
    rows = [
        f"| {name} | {n / wall[name]:.1f} | {wall[name]:.2f} s | {cpu[name]:.2f} s |"
        for name in runs
    ]
    if peer is not None:
        lexrank = "sumy LexRank, 1 process"
        for name in [r for r in runs if r.endswith("1 job")]:
            label = name.removesuffix(", 1 job")
            rows.append(
                f"| **{label} 1 job / sumy** | | **{wall[lexrank] / wall[name]:.1f}x** | "
                f"**{cpu[lexrank] / cpu[name]:.1f}x** |"
            )
    header = [
        f"multinews-dev.jsonl, {n} clusters, runs interleaved, best of {repeat}, start-up included",
        "",
        "| run | clusters/s (wall) | wall | CPU (user + system) |",
        "|---|---|---|---|",
    ]
    return header + rows


def lowercased(data: Path, out: Path, peer: str | None, with_peer: bool) -> list[str]:
    path = data / "multinews-plus-test-lowercased.jsonl"
    n = clusters_in(path)
    seconds, peak = measure([*NEWSDESK, str(path), "--quiet", "--jobs", "2", "-o", str(out)])
    lines = [
        f"multinews-plus-test-lowercased.jsonl, {n} clusters, --jobs 2: {seconds:.1f} s "
        f"({n / seconds:.0f} clusters/s), peak resident memory of the process tree "
        f"{peak / 2**20:.0f} MiB"
    ]
    if peer is not None and with_peer:
        lexrank, _ = measure([peer, str(PEER / "sumy_lexrank.py"), str(path)])
        lines.append(f"sumy LexRank, one process: {lexrank:.1f} s ({n / lexrank:.0f} clusters/s)")
    return lines


def sweep(data: Path) -> list[str]:
    articles = _sweep_articles(data)
    warm_up()
    config = SummaryConfig()
    summarize_record({"id": "warm-up", "documents": articles[:5]}, config)
    rows = ["| articles | text (MB) | seconds | ms per article |", "|---|---|---|---|"]
    for size in SWEEP_SIZES:
        documents = articles[:size]
        start = time.perf_counter()
        result = summarize_record({"id": f"sweep-{size}", "documents": documents}, config)
        seconds = time.perf_counter() - start
        if result.error:
            raise SystemExit(f"sweep {size}: {result.error}")
        megabytes = sum(len(d) for d in documents) / 1e6
        rows.append(f"| {size} | {megabytes:.1f} | {seconds:.2f} | {1000 * seconds / size:.1f} |")
    return [f"size sweep, one cluster each, {len(articles)} distinct articles available", "", *rows]


def _sweep_articles(data: Path) -> list[str]:
    seen: set[str] = set()
    articles = []
    for name in SWEEP_SETS:
        with open(data / f"{name}.jsonl", encoding="utf-8") as handle:
            for raw in handle:
                for document in json.loads(raw)["documents"]:
                    key = " ".join(document.split())
                    if key and key not in seen:
                        seen.add(key)
                        articles.append(document)
    return articles


def resume(data: Path, full: Path, work: Path) -> list[str]:
    path = data / "multinews-plus-test-lowercased.jsonl"
    target = int(0.4 * clusters_in(path))
    out = work / "resumed.jsonl"
    command = [*NEWSDESK, str(path), "--quiet", "--jobs", "2", "-o", str(out)]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL, start_new_session=True)
    while process.poll() is None and _lines(out) < target:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the workers too
    process.wait()
    killed_at = _lines(out)
    measure([*command, "--resume"])
    same = out.read_bytes() == full.read_bytes()
    return [
        f"killed with {killed_at} lines written, resumed with --resume: "
        f"{'identical to' if same else 'DIFFERENT FROM'} the uninterrupted run"
    ]


def _lines(path: Path) -> int:
    if not path.exists():
        return 0
    with open(path, "rb") as handle:
        return sum(1 for _ in handle)


def dask(data: Path, work: Path) -> list[str]:
    dev = data / "multinews-dev.jsonl"
    local, distributed = work / "local.jsonl", work / "dask.jsonl"
    measure([*NEWSDESK, str(dev), "--quiet", "-o", str(local)])
    seconds, _ = measure(
        [*NEWSDESK, str(dev), "--quiet", "--engine", "dask", "--jobs", "2", "-o", str(distributed)]
    )
    same = local.read_bytes() == distributed.read_bytes()
    return [
        f"multinews-dev.jsonl with --engine dask --jobs 2 (LocalCluster): {seconds:.1f} s, "
        f"output {'identical to' if same else 'DIFFERENT FROM'} the local run's"
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peer-python", help="Python of an environment with sumy installed.")
    parser.add_argument("--no-peer", action="store_true", help="Do not run sumy.")
    parser.add_argument("--peer-lowercased", action="store_true", help="Time sumy there too.")
    parser.add_argument("--skip", nargs="*", choices=SECTIONS, default=[])
    parser.add_argument(
        "--before", type=Path, help="src/ of another checkout, timed beside this one."
    )
    args = parser.parse_args(argv)
    if not (args.data / "multinews-dev.jsonl").exists():
        print(f"no data at {args.data}: give --data", file=sys.stderr)
        return 2
    peer = None if args.no_peer else peer_python(args.peer_python)
    import newsdesk  # the one the runs import (PYTHONPATH included)

    compileall.compile_dir(Path(newsdesk.__file__).parent, quiet=1)
    if args.before is not None:
        compileall.compile_dir(args.before / "newsdesk", quiet=1)
    print(
        f"machine: {os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.platform()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        full = work / "lowercased.jsonl"
        sections = {
            "throughput": lambda: throughput(args.data, args.repeat, peer, args.before),
            "lowercased": lambda: lowercased(args.data, full, peer, args.peer_lowercased),
            "sweep": lambda: sweep(args.data),
            "resume": lambda: resume(args.data, full, work),
            "dask": lambda: dask(args.data, work),
        }
        for name, run in sections.items():
            if name in args.skip or (name == "resume" and "lowercased" in args.skip):
                continue
            print(f"\n## {name}\n", flush=True)
            print("\n".join(run()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
