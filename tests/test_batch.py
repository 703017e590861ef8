from __future__ import annotations

import io
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLE, shared_file

from newsdesk.batch import _in_order, completed_clusters, run_batch, summarize_clusters
from newsdesk.config import SummaryConfig
from newsdesk.errors import ConfigError, InputError


def _data(tmp_path: Path) -> Path:
    documents = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))]
    lines = [
        json.dumps({"id": "first", "documents": documents}),
        json.dumps({"id": "empty", "documents": ["   "]}),
        "{not json",
        json.dumps({"id": 7, "documents": documents[:2]}),
    ]
    path = tmp_path / "clusters.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_one_line_per_cluster_in_input_order_and_errors_do_not_stop(tmp_path: Path) -> None:
    out = io.StringIO()
    report = run_batch(_data(tmp_path), SummaryConfig(words=60), out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [row["id"] for row in rows] == ["first", "empty", None, "7"]
    assert (report.clusters, report.failed) == (4, 2)
    assert set(rows[0]) == {"id", "summary"} and set(rows[1]) == {"id", "line", "error"}
    assert "no usable article" in rows[1]["error"]
    assert rows[2]["line"] == 3 and "not a JSON object" in rows[2]["error"]
    summary = rows[0]["summary"]
    assert len(summary.split()) <= 60 and "\n" in summary  # sentences, one a line


def test_batch_summary_is_the_brief_text(tmp_path: Path) -> None:
    from newsdesk.pipeline import summarize

    first = next(summarize_clusters(_data(tmp_path), SummaryConfig(words=60)))
    brief = summarize([EXAMPLE], words=60)
    assert first.summary == brief.text


def _many(tmp_path: Path, count: int) -> Path:
    """``count`` clusters built from subsets of the example articles, and one broken line."""
    documents = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))]
    subsets = [c for size in (5, 4, 3, 2) for c in itertools.combinations(documents, size)]
    lines = [
        json.dumps({"id": f"c{i}", "documents": list(subset)})
        for i, subset in zip(range(count), itertools.cycle(subsets))
    ]
    lines.insert(count // 2, "{broken")
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(data: Path, **options: object) -> str:
    out = io.StringIO()
    run_batch(data, SummaryConfig(words=60), out, **options)  # type: ignore[arg-type]
    return out.getvalue()


def test_worker_processes_write_the_same_lines_in_input_order(tmp_path: Path) -> None:
    data = _many(tmp_path, 20)
    single = _run(data)
    assert _run(data, jobs=2) == single
    assert len(single.splitlines()) == 21


def test_progress_counts_every_cluster(tmp_path: Path) -> None:
    class Counter:
        done = 0

        def update(self, n: int = 1) -> None:
            self.done += n

    counter = Counter()
    _run(_many(tmp_path, 10), progress=counter)
    assert counter.done == 11


def test_results_are_bounded_in_flight_and_ordered() -> None:
    pending: list[int] = []

    class Done:
        def __init__(self, value: int) -> None:
            self.value = value

        def result(self) -> int:
            pending.remove(self.value)
            return self.value

    def submit(chunk: int, config: object) -> Done:
        pending.append(chunk)
        assert len(pending) <= 3  # never more than in_flight chunks read ahead
        return Done(chunk)

    results = _in_order(submit, iter(range(10)), SummaryConfig(), 3)  # type: ignore[arg-type]
    assert list(results) == list(range(10))


def test_resume_after_a_cut_gives_the_uninterrupted_file(tmp_path: Path) -> None:
    data = _many(tmp_path, 12)
    full = _run(data)
    lines = full.splitlines(keepends=True)
    output = tmp_path / "out.jsonl"
    output.write_text("".join(lines[:5]) + lines[5][:17], encoding="utf-8")  # cut mid-line
    done = completed_clusters(data, output)
    assert done == 5 and output.read_text(encoding="utf-8") == "".join(lines[:5])
    with open(output, "a", encoding="utf-8") as handle:
        report = run_batch(data, SummaryConfig(words=60), handle, skip=done)
    assert output.read_text(encoding="utf-8") == full
    assert (report.resumed, report.clusters) == (5, 8)


def test_resume_refuses_the_output_of_another_input(tmp_path: Path) -> None:
    data = _many(tmp_path, 6)
    output = tmp_path / "out.jsonl"
    output.write_text(json.dumps({"id": "elsewhere", "summary": "x"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot resume"):
        completed_clusters(data, output)
    assert completed_clusters(data, tmp_path / "absent.jsonl") == 0


def test_killed_batch_resumes_to_the_uninterrupted_file(tmp_path: Path) -> None:
    data = _many(tmp_path, 80)
    expected = _run(data)
    output = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "newsdesk", "batch", str(data), "--words", "60"]
    command += ["-o", str(output), "--quiet", "--jobs", "2"]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if output.exists() and output.read_bytes().count(b"\n") >= 10:
            break
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)  # the worker processes too
    process.wait()
    written = output.read_bytes().count(b"\n")
    assert 10 <= written < 81, "the run should have been killed part-way"
    subprocess.run([*command, "--resume"], check=True, stderr=subprocess.DEVNULL)
    assert output.read_text(encoding="utf-8") == expected


def test_bad_engine_options_are_config_errors(tmp_path: Path) -> None:
    data = _many(tmp_path, 2)
    with pytest.raises(ConfigError, match="jobs"):
        _run(data, jobs=0)
    with pytest.raises(ConfigError, match="scheduler"):
        _run(data, scheduler="tcp://127.0.0.1:8786")


def test_dask_engine_writes_the_local_file(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    data = _many(tmp_path, 12)
    assert _run(data, engine="dask", jobs=2) == _run(data)


def test_dask_engine_equals_local_on_multinews_dev() -> None:
    pytest.importorskip("dask.distributed")
    data = shared_file("multinews-dev.jsonl")
    assert _run(data, engine="dask", jobs=2) == _run(data)
