from __future__ import annotations

import contextlib
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

from newsdesk.batch import (
    _in_order,
    completed_clusters,
    resume_point,
    run_batch,
    summarize_clusters,
    usable_cores,
)
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


@pytest.mark.slow  # over 10 s here (issue 26): CI runs it, the quick run does not
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


@pytest.mark.slow  # over 10 s here (issue 26): CI runs it, the quick run does not
def test_killed_batch_resumes_to_the_uninterrupted_file(tmp_path: Path) -> None:
    data = _many(tmp_path, 80)
    expected = _run(data)
    output = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "newsdesk", "batch", str(data), "--words", "60"]
    command += ["-o", str(output), "--quiet", "--jobs", "2"]
    partial = tmp_path / "out.jsonl.partial"  # the output appears only once complete
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if partial.exists() and partial.read_bytes().count(b"\n") >= 10:
            break
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)  # the worker processes too
    process.wait()
    written = partial.read_bytes().count(b"\n")
    assert 10 <= written < 81, "the run should have been killed part-way"
    assert not output.exists()
    subprocess.run([*command, "--resume"], check=True, stderr=subprocess.DEVNULL)
    assert output.read_text(encoding="utf-8") == expected


def test_bad_engine_options_are_config_errors(tmp_path: Path) -> None:
    data = _many(tmp_path, 2)
    with pytest.raises(ConfigError, match="jobs"):
        _run(data, jobs=0)
    with pytest.raises(ConfigError, match="scheduler"):
        _run(data, scheduler="tcp://127.0.0.1:8786")


@pytest.mark.slow  # over 10 s here (issue 26): CI runs it, the quick run does not
def test_dask_engine_writes_the_local_file(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    data = _many(tmp_path, 12)
    assert _run(data, engine="dask", jobs=2) == _run(data)


@pytest.mark.slow  # over 10 s here (issue 26): CI runs it, the quick run does not
def test_dask_engine_equals_local_on_multinews_dev() -> None:
    pytest.importorskip("dask.distributed")
    data = shared_file("multinews-dev.jsonl")
    assert _run(data, engine="dask", jobs=2) == _run(data)


POISON_LINES = [
    '{"id": "digits", "documents": [' + "9" * 5000 + "]}",  # int() refuses > 4,300 digits
    '{"id": "deep", "documents": [], "meta": ' + "[" * 100_000 + "]" * 100_000 + "}",
]


def test_poison_lines_become_error_records_and_the_run_goes_on(tmp_path: Path) -> None:
    documents = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))]
    good = json.dumps({"id": "good", "documents": documents})
    data = tmp_path / "poison.jsonl"
    data.write_text("\n".join([POISON_LINES[0], good, POISON_LINES[1], good]) + "\n")
    rows = [json.loads(line) for line in _run(data).splitlines()]
    assert [row.get("line") for row in rows] == [1, None, 3, None]
    assert "not a JSON object" in rows[0]["error"] and "nested too deeply" in rows[2]["error"]
    assert "summary" in rows[1] and rows[1] == rows[3]
    assert _run(data, jobs=2) == _run(data)  # the same in worker processes
    output = tmp_path / "out.jsonl"
    output.write_text(_run(data).split("\n", 1)[0] + "\n", encoding="utf-8")
    assert completed_clusters(data, output) == 1  # resuming reads past the poison line


def test_resume_retries_errors_only_when_asked(tmp_path: Path) -> None:
    data = _many(tmp_path, 6)
    full = _run(data).splitlines(keepends=True)
    failed = json.dumps({"id": "c1", "line": 2, "error": "worker was killed"}) + "\n"
    output = tmp_path / "out.jsonl"
    output.write_text("".join([full[0], failed, *full[2:5]]), encoding="utf-8")
    skip, previous = resume_point(data, output, retry_errors=True)
    kept = [None if '"error"' in line else line.rstrip("\n") for line in full[2:5]]
    assert (skip, previous) == (1, [None, *kept]) and kept.count(None) == 1  # "{broken"
    assert output.read_text(encoding="utf-8") == full[0]  # cut before the first error
    with open(output, "a", encoding="utf-8") as handle:
        report = run_batch(data, SummaryConfig(words=60), handle, skip=skip, previous=previous)
    assert output.read_text(encoding="utf-8") == "".join(full)
    assert (report.clusters, report.resumed) == (4, 3)  # 2 retried, 2 not done before


def test_resume_refuses_an_input_file_as_its_output(tmp_path: Path) -> None:
    data = _many(tmp_path, 3)
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes(data.read_bytes())  # lines with the right ids, but clusters, not results
    with pytest.raises(InputError, match="not a batch result"):
        completed_clusters(data, copy)
    with pytest.raises(InputError, match="the input itself"):
        completed_clusters(data, data)


@pytest.mark.slow  # over 10 s here (issue 26): CI runs it, the quick run does not
def test_jobs_are_capped_at_the_work_and_the_cores(tmp_path: Path) -> None:
    data = _many(tmp_path, 3)  # 4 lines: one chunk
    out = io.StringIO()
    report = run_batch(data, SummaryConfig(words=60), out, jobs=400)
    assert report.workers == 1 and out.getvalue() == _run(data)
    report = run_batch(_many(tmp_path, 60), SummaryConfig(words=60), io.StringIO(), jobs=400)
    assert report.workers == min(usable_cores(), 8)


def _children(pid: int) -> set[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return {int(p) for p in path.read_text().split()} if path.exists() else set()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc and prctl (Linux)")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_batch_workers_exit_when_the_batch_is_killed(tmp_path: Path, how: signal.Signals) -> None:
    data = _many(tmp_path, 400)
    command = [sys.executable, "-m", "newsdesk", "batch", str(data), "--quiet", "--jobs", "2"]
    command += ["-o", str(tmp_path / "out.jsonl")]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while process.poll() is None and time.monotonic() < deadline and len(workers) < 2:
        workers = _children(process.pid)
        time.sleep(0.05)
    assert len(workers) == 2, "the batch should have started two workers"
    process.send_signal(how)
    process.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        for pid in workers:  # reap them if they became our children (they are not, normally)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
        time.sleep(0.05)
    alive = [pid for pid in workers if _alive(pid)]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)  # leave nothing behind, then fail
    assert not alive, "workers outlived the batch"


def _alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        state = next(line for line in status.read_text().splitlines() if line.startswith("State"))
    except (OSError, StopIteration):
        return False
    return "Z" not in state.split()[1]  # a zombie has exited


def test_an_overlong_line_is_its_clusters_error_and_devices_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsdesk.cli import main
    from newsdesk.ingest import clusters

    monkeypatch.setattr(clusters, "MAX_LINE_BYTES", 2_000)  # a small bound, for a small file
    documents = [p.read_text(encoding="utf-8")[:600] for p in sorted(EXAMPLE.glob("*.txt"))[:2]]
    good = json.dumps({"id": "good", "documents": documents})
    data = tmp_path / "long.jsonl"
    data.write_text("\n".join([good, "x" * 50_000, good]) + "\n", encoding="utf-8")
    rows = [json.loads(line) for line in _run(data).splitlines()]
    assert [row.get("line") for row in rows] == [None, 2, None]
    assert rows[1]["error"] == "line 2: line longer than 2000 bytes; not read"
    assert main(["batch", "/dev/zero", "-q"]) == 3


def test_an_output_in_a_missing_folder_is_named_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 25, item 8: ``-o sub/../x.jsonl`` without ``sub`` named a ``.partial`` file that
    could not exist; the system needs ``sub`` to walk that path, and now says so."""
    from newsdesk.cli import main

    data = _data(tmp_path)
    monkeypatch.chdir(tmp_path)
    for output, problem in [
        ("sub/../x.jsonl", "cannot write sub/../x.jsonl: the folder sub does not exist"),
        ("a/b/x.jsonl", "cannot write a/b/x.jsonl: the folder a does not exist"),
        (f"{data.name}/x.jsonl", f"cannot write {data.name}/x.jsonl: {data.name} is not a folder"),
    ]:
        assert main(["batch", str(data), "-q", "-o", output]) == 7
        err = capsys.readouterr().err
        assert problem in err and ".partial" not in err and "--resume" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [data.name]  # nothing written
    (tmp_path / "sub").mkdir()
    assert main(["batch", str(data), "-q", "-o", "sub/../x.jsonl"]) == 0
    assert len((tmp_path / "x.jsonl").read_text(encoding="utf-8").splitlines()) == 4
    assert main(["summarize", str(EXAMPLE), "-o", "gone/../brief.txt"]) == 7
    assert "the folder gone does not exist" in capsys.readouterr().err
