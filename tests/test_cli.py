from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE

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
        (["summarize", str(EXAMPLE), "--words", "0"], 4, "words must be a whole number"),
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
    assert message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


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
    assert code == 0 and "newsdesk -> newsdesk.v1" in out


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
    assert code == 4 and "--resume must be used with -o/--output" in err
    code, _, err = run(["batch", data, "--jobs", "0"], capsys)
    assert code == 4 and "jobs must be" in err


def test_evaluate_prints_protocol_and_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scores = tmp_path / "scores.tsv"
    args = ["evaluate", str(_clusters(tmp_path)), "--words", "50", "--recall"]
    code, out, _ = run(
        [*args, "--summarizer", "newsdesk,lead", "--per-cluster", str(scores)], capsys
    )
    assert code == 0
    assert "ROUGE recall" in out and "newsdesk.v1" in out and "lead" in out
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
    assert main(["serve", "--max-articles", "0", "--port", "1"]) == 4
    assert "max_articles must be a whole number from 1 to 10000" in capsys.readouterr().err
