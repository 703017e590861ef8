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
