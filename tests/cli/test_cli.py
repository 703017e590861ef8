from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLE, FIXTURES

from newsdesk.cli import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_summarize_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["summarize", str(EXAMPLE), "--words", "120", "--format", "json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert sum(len(s["text"].split()) for s in data["sentences"]) <= 120


def test_output_is_byte_identical_across_processes(tmp_path: Path) -> None:
    outputs = []
    for name in ("a.json", "b.json"):
        target = tmp_path / name
        subprocess.run(
            [
                sys.executable,
                "-m",
                "newsdesk",
                "summarize",
                str(EXAMPLE),
                "--words",
                "120",
                "--format",
                "json",
                "-o",
                str(target),
            ],
            check=True,
        )
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["summarize", "/no/such/dir"], 3, "no such file or folder"),
        (["summarize", str(EXAMPLE), "--words", "0"], 2, "words must be a whole number"),
        (["summarize", str(EXAMPLE), "--summarizer", "nope"], 5, "unknown summarizer"),
        (["summarize"], 2, "Missing argument"),
        (["summarize", str(EXAMPLE), "--format", "pdf"], 2, "Invalid value"),
    ],
)
def test_errors_are_one_line_with_exit_code(
    args: list[str], code: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    got, _out, err = run(args, capsys)
    assert got == code
    lines = err.strip().splitlines()
    assert message in lines[-1] and lines[-1].startswith("newsdesk: error: ")
    assert "Traceback" not in err
    if code == 2:  # a usage error: the usage line and where to find help, as Click shows them
        assert lines[0].startswith("Usage: newsdesk summarize [OPTIONS] PATHS...")
        assert lines[1] == "Try 'newsdesk summarize -h' for help."
    else:
        assert len(lines) == 1


def test_empty_folder_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["summarize", str(tmp_path)], capsys)
    assert code == 3 and "no usable article" in err


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data = (EXAMPLE / "002_b7be0f4736482fe2.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", type("S", (), {"buffer": __import__("io").BytesIO(data)}))
    code, out, _ = run(["summarize", "-", "--words", "40"], capsys)
    assert code == 0 and "<stdin>" not in out and "[1]" in out


def test_summarizers_lists_names(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["summarizers"], capsys)
    assert code == 0 and "newsdesk -> newsdesk.v4" in out and "newsdesk.v3" in out


def _clusters(tmp_path: Path) -> Path:
    documents = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))]
    reference = "Kim Jong Un wants a second summit with Trump, likely in Vietnam in late February."
    lines = [
        {"id": "example", "documents": documents, "summaries": [reference]},
        {"id": "broken", "documents": [""], "summaries": [reference]},
    ]
    path = tmp_path / "clusters.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return path


def test_batch_writes_json_lines_and_counts_failures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out.jsonl"
    code, out, err = run(
        ["batch", str(_clusters(tmp_path)), "--words", "50", "-o", str(output)], capsys
    )
    assert code == 0 and out == ""
    assert "2 clusters, 1 failed" in err
    rows = [json.loads(line) for line in output.read_text().splitlines()]
    assert [sorted(row) for row in rows] == [["id", "summary"], ["error", "id", "line"]]


def test_batch_is_quiet_off_a_terminal_and_resumes_a_finished_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out.jsonl"
    args = ["batch", str(_clusters(tmp_path)), "--words", "50", "-o", str(output), "--jobs", "2"]
    code, _, err = run(args, capsys)
    assert code == 0 and err.strip() == "newsdesk: 2 clusters, 1 failed"  # no progress bar
    first = output.read_text()
    code, _, err = run([*args, "--resume"], capsys)
    assert code == 0 and "0 clusters, 0 failed (2 already done)" in err
    assert output.read_text() == first


def test_batch_option_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(_clusters(tmp_path))
    code, _, err = run(["batch", data, "--resume"], capsys)
    assert code == 2 and "--resume must be used with -o/--output" in err
    code, _, err = run(["batch", data, "--jobs", "0"], capsys)
    assert code == 2 and "jobs must be" in err


def test_evaluate_prints_protocol_and_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scores = tmp_path / "scores.tsv"
    args = ["evaluate", str(_clusters(tmp_path)), "--words", "50", "--recall"]
    code, out, _ = run(
        [*args, "--summarizer", "newsdesk,lead", "--per-cluster", str(scores)], capsys
    )
    assert code == 0
    assert "ROUGE recall" in out and "newsdesk.v4" in out and "lead" in out
    assert scores.exists() and f"per-cluster scores: {scores}" in out


def test_evaluate_unknown_summarizer_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["evaluate", str(_clusters(tmp_path)), "--words", "50", "--summarizer", "nope"], capsys
    )
    assert code == 5 and "nope" in err


def test_serve_refuses_a_limit_out_of_range_before_starting(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["serve", "--max-articles", "0", "--port", "1"]) == 2
    assert "max_articles must be a whole number from 1 to 10000" in capsys.readouterr().err


def test_an_output_that_is_the_input_is_refused_before_it_is_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _clusters(tmp_path)
    before = data.read_bytes()
    link = tmp_path / "link.jsonl"
    link.symlink_to(data)
    for output in (data, link):
        for extra in ([], ["--resume"]):
            code, _, err = run(["batch", str(data), "-o", str(output), *extra], capsys)
            assert code == 2 and "a file other than the input" in err
    article = tmp_path / "a.txt"
    article.write_text((EXAMPLE / sorted(p.name for p in EXAMPLE.glob("*.txt"))[0]).read_text())
    text = article.read_bytes()
    code, _, err = run(["summarize", str(article), "-o", str(article)], capsys)
    assert code == 2 and "a file other than the input" in err
    assert data.read_bytes() == before and article.read_bytes() == text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "clusters.jsonl", "link.jsonl"]


def test_poison_json_gives_a_clear_error_in_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_batch import POISON_LINES

    for number, poison in enumerate(POISON_LINES):
        data = tmp_path / f"poison{number}.jsonl"
        data.write_text(poison + "\n", encoding="utf-8")
        code, _, err = run(["summarize", str(data)], capsys)
        assert code == 3 and "not a JSON object" in err
        code, _, err = run(["evaluate", str(data), "--words", "50"], capsys)
        assert code == 3 and "no cluster with reference summaries" in err
        code, _, err = run(["batch", str(data), "-o", str(tmp_path / "out.jsonl")], capsys)
        assert code == 3 and "1 clusters, 1 failed" in err


def test_resume_refuses_other_options_and_retries_errors_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _clusters(tmp_path)
    output = tmp_path / "out.jsonl"
    args = ["batch", str(data), "-o", str(output)]
    assert run([*args, "--words", "50"], capsys)[0] == 0
    first = output.read_text()
    assert json.loads((tmp_path / "out.jsonl.options.json").read_text())["options"]["words"] == 50
    code, _, err = run([*args, "--words", "60", "--resume"], capsys)
    assert code == 2 and "--resume must be given the options" in err and "words=50" in err
    code, _, err = run([*args, "--summarizer", "lead", "--words", "50", "--resume"], capsys)
    assert code == 2 and "summarizer='newsdesk'" in err
    code, _, err = run([*args, "--words", "50", "--retry-errors"], capsys)
    assert code == 2 and "--retry-errors must be used with --resume" in err
    code, _, err = run([*args, "--words", "50", "--resume", "--retry-errors"], capsys)
    assert code == 0 and "1 clusters, 1 failed (1 already done)" in err  # the error, retried
    assert output.read_text() == first
    code, _, err = run([*args, "--words", "50", "--resume"], capsys)
    assert code == 0 and "0 clusters, 0 failed (2 already done)" in err


def test_piped_input_is_read_once_with_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    import os
    import pty

    lines = _clusters(tmp_path).read_bytes()
    output = tmp_path / "out.jsonl"
    read_end, write_end = os.pipe()
    os.write(write_end, lines)  # small enough for the pipe's buffer
    os.close(write_end)
    leader, terminal = pty.openpty()
    command = [sys.executable, "-m", "newsdesk", "batch", f"/dev/fd/{read_end}"]
    process = subprocess.Popen(
        [*command, "--words", "50", "-o", str(output)], pass_fds=(read_end,), stderr=terminal
    )
    os.close(read_end)
    os.close(terminal)
    seen = b""
    with contextlib.suppress(OSError):  # the terminal closes when the command ends
        while chunk := os.read(leader, 4096):
            seen += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0
    assert b"2 clusters, 1 failed" in seen
    assert [sorted(json.loads(r)) for r in output.read_text().splitlines()] == [
        ["id", "summary"],
        ["error", "id", "line"],
    ]


def _limited_file_size(limit: int) -> Callable[[], None]:
    def limit_it() -> None:
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_it


@pytest.mark.slow  # over 10 s here (issue 26): CI runs it, the quick run does not
def test_a_failed_write_has_its_own_exit_code_and_leaves_the_old_output(tmp_path: Path) -> None:
    output = tmp_path / "brief.json"
    output.write_text("the brief of yesterday\n")
    command = [sys.executable, "-m", "newsdesk", "summarize", str(EXAMPLE), "--format", "json"]
    done = subprocess.run(
        [*command, "-o", str(output)],
        capture_output=True,
        text=True,
        preexec_fn=_limited_file_size(1000),
    )
    assert done.returncode == 7 and "cannot write" in done.stderr and "Traceback" not in done.stderr
    assert output.read_text() == "the brief of yesterday\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.json"]  # no temporary left
    with open("/dev/full", "w") as full:
        done = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 7 and "cannot write standard output" in done.stderr
    data = _clusters(tmp_path)
    batch = [sys.executable, "-m", "newsdesk", "batch", str(data), "-o", str(tmp_path / "o.jsonl")]
    # Room for the record of the options (about 350 bytes), not for the results (over 800).
    done = subprocess.run(batch, capture_output=True, text=True, preexec_fn=_limited_file_size(600))
    assert done.returncode == 7 and "o.jsonl.partial (--resume continues)" in done.stderr
    assert not (tmp_path / "o.jsonl").exists() and (tmp_path / "o.jsonl.partial").exists()
    # A failure before any result is written points to no results (issue 25, item 8).
    (tmp_path / "o.jsonl.partial").unlink()
    done = subprocess.run(batch, capture_output=True, text=True, preexec_fn=_limited_file_size(100))
    assert done.returncode == 7 and "o.jsonl.options.json: File too large" in done.stderr
    assert ".partial" not in done.stderr


def test_summarize_answers_a_question_and_says_when_none_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(
        ["summarize", str(EXAMPLE), "--query", "Where will the summit be held?"], capsys
    )
    assert code == 0, err
    assert out.startswith("Question: Where will the summit be held?\n\nUS officials")
    code, out, _ = run(["summarize", str(EXAMPLE), "--query", "What did the summit cost?"], capsys)
    assert code == 0 and "The sources do not address this question." in out


def test_summarize_seen_gives_what_is_new(capsys: pytest.CaptureFixture[str]) -> None:
    update = FIXTURES / "update"
    args = ["summarize", str(update / "new"), "--seen", str(update / "read"), "--format", "json"]
    code, out, err = run(args, capsys)
    assert code == 0, err
    focus = json.loads(out)["focus"]
    assert focus == {"query": None, "addressed": True, "seen_articles": 1, "set_aside": 2}


def test_batch_uses_a_clusters_question_unless_told_not_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    documents = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))]
    data = tmp_path / "asked.jsonl"
    record = {"id": "cost", "documents": documents, "query": "What did the summit cost?"}
    data.write_text(json.dumps(record) + "\n", encoding="utf-8")
    output = tmp_path / "out.jsonl"
    code, _, _ = run(["batch", str(data), "-o", str(output)], capsys)
    assert code == 0 and json.loads(output.read_text())["summary"] == ""
    code, _, _ = run(
        ["batch", str(data), "-o", str(tmp_path / "generic.jsonl"), "--no-query"], capsys
    )
    assert code == 0 and json.loads((tmp_path / "generic.jsonl").read_text())["summary"]
