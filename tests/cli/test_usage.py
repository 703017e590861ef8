"""The command line as a new user meets it (issue 19): exit codes, help, verbose logs, labels,
choosing a cluster, whole briefs from batch, the config echo, the Python API, text output and
the package. One test (or more) per numbered item of the issue."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import click
import jsonschema
import pytest
from conftest import EXAMPLE, ROOT, example_text

import newsdesk
from newsdesk.cli import cli, main
from newsdesk.errors import EXIT_CODES
from newsdesk.render import render_comparison

NAMES = sorted(p.name for p in EXAMPLE.glob("*.txt"))


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def clusters_file(tmp_path: Path, count: int = 2, name: str = "clusters.jsonl") -> Path:
    """``count`` clusters of the example's articles (ids c0, c1, ...), with a reference."""
    reference = "Kim Jong Un wants a second summit with Trump, likely in Vietnam in late February."
    documents = [example_text(n) for n in NAMES]
    path = tmp_path / name
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            record = {"id": f"c{i}", "documents": documents[i % 2 :], "summaries": [reference]}
            handle.write(json.dumps(record) + "\n")
    return path


# -- 1. exit codes ------------------------------------------------------------------------


def test_the_exit_code_table_is_the_same_in_help_readme_and_errors_module(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    docstring = newsdesk.errors.__doc__ or ""
    for number, meaning in EXIT_CODES:
        assert re.search(rf"^\s+{number}\s+{re.escape(meaning)}$", out, re.M), number
        assert f"| {number} | {meaning} |" in readme, number
        assert re.search(rf"^- {number} ", docstring, re.M), number
    readme_codes = re.findall(r"^\| (\d+) \| ", readme, re.M)
    assert [int(c) for c in readme_codes] == [n for n, _ in EXIT_CODES]  # no other row


USAGE = "newsdesk: error: "


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["summarize"], 2, "Missing argument 'PATHS...'"),
        (["summarize", str(EXAMPLE), "--no-such-option"], 2, "No such option"),
        (["summarize", str(EXAMPLE), "-w", "0"], 2, "words must be a whole number from 1"),
        (["batch", "{data}", "--resume"], 2, "--resume must be used with -o/--output"),
        (["evaluate", "{data}", "-w", "50", "--limit", "0"], 2, "--limit must be a whole number"),
        (["evaluate", "{data}", "-w", "50", "--limit", "x"], 2, "'x' is not a valid integer"),
        (["summarize", str(EXAMPLE), "--cluster", "c0"], 2, "--cluster must be given with a"),
        (["batch", "/nonexistent.jsonl"], 3, "no such file: /nonexistent.jsonl"),
        (["evaluate", "/nonexistent.jsonl", "-w", "50"], 3, "no such file: /nonexistent.jsonl"),
        (["clusters", "/nonexistent.jsonl"], 3, "no such file: /nonexistent.jsonl"),
        (["summarize", "/nonexistent"], 3, "no such file or folder: /nonexistent"),
        # A file of several clusters needs --cluster: a missing option (issue 26).
        (["summarize", "{data}"], 2, "holds 2 clusters ('c0', 'c1'); choose one with --cluster"),
        (["summarize", str(EXAMPLE), "-s", "nope"], 5, "unknown summarizer 'nope'"),
    ],
)
def test_every_command_follows_the_table(
    args: list[str], code: int, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(clusters_file(tmp_path))
    got, out, err = run([a.replace("{data}", data) for a in args], capsys)
    lines = err.strip().splitlines()
    assert (got, out) == (code, "")
    assert lines[-1].startswith(USAGE) and message in lines[-1], err
    if code == 2:  # Click's usage line and hint, kept
        command = args[0]
        assert lines[0].startswith(f"Usage: newsdesk {command} [OPTIONS]")
        assert lines[1] == f"Try 'newsdesk {command} -h' for help."
    else:
        assert len(lines) == 1
    assert "Traceback" not in err


def test_a_missing_extra_has_its_own_code_and_says_what_to_install(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "dask", None)  # import dask: ImportError
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    data = clusters_file(tmp_path)
    code, _, err = run(["batch", str(data), "--engine", "dask"], capsys)
    assert code == 6
    assert err.strip() == (
        "newsdesk: error: --engine dask needs the optional extra: pip install 'newsdesk[dask]'"
    )


def test_ctrl_c_in_batch_says_resume_picks_up_where_it_stopped(tmp_path: Path) -> None:
    data = clusters_file(tmp_path, count=60)
    output = tmp_path / "out.jsonl"
    partial = tmp_path / "out.jsonl.partial"
    command = [sys.executable, "-m", "newsdesk", "batch", str(data), "-o", str(output)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (partial.exists() and partial.stat().st_size) and time.monotonic() < deadline:
        time.sleep(0.05)  # interrupt once some results are written
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert err.strip() == (
        f"newsdesk: error: interrupted; the results so far are in {output}.partial: run the "
        "same command with --resume to pick up where it stopped"
    )
    assert partial.exists() and not output.exists()
    done = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "already done" in done.stderr
    assert [json.loads(line)["id"] for line in output.read_text().splitlines()] == [
        f"c{i}" for i in range(60)
    ]


# -- 2. -v / -q -------------------------------------------------------------------------


def test_verbose_logs_what_each_stage_did(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["-v", "summarize", str(EXAMPLE), "-w", "60"], capsys)
    assert code == 0 and out
    stages = [line.split(":")[1].strip() for line in err.splitlines()]
    expected = ["read", "clean", "segment", "represent", "select (newsdesk.v4)", "order"]
    assert stages == [*expected, "introduce", "attribute"]
    assert re.search(r"^newsdesk: read: 5 articles from 1 input, 0 skipped \(\d+ ms\)$", err, re.M)
    assert "clean: removed 11 pieces of page furniture; 1 article degraded" in err
    assert re.search(r"segment: \d+ sentences, \d+ presentable", err)
    assert re.search(r"select \(newsdesk.v4\): \d+ sentences? of \d+, \d+ words", err)
    code, _, err = run(["summarize", str(EXAMPLE), "-w", "60"], capsys)
    assert code == 0 and err == ""  # without -v: nothing


def test_quiet_silences_progress_and_the_tally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = clusters_file(tmp_path)
    output = tmp_path / "o.jsonl"
    code, _, err = run(["-q", "batch", str(data), "-w", "50", "-o", str(output)], capsys)
    assert code == 0 and err == ""
    code, _, err = run(["batch", str(data), "-w", "50", "-o", str(output)], capsys)
    assert code == 0 and err == "newsdesk: 2 clusters, 0 failed\n"


# -- 3. help ----------------------------------------------------------------------------


def test_every_option_of_every_command_has_help_text() -> None:
    commands: list[click.Command] = [cli, *cli.commands.values()]  # type: ignore[attr-defined]
    missing = [
        f"{command.name} {param.opts[0]}"
        for command in commands
        for param in command.params
        if isinstance(param, click.Option) and not param.help
    ]
    assert missing == []


def test_bare_newsdesk_lists_the_commands_and_succeeds(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([], capsys)
    assert code == 0 and err == ""
    for name in ("summarize", "compare", "batch", "evaluate", "clusters", "schema", "serve"):
        assert re.search(rf"^  {name}\s", out, re.M), name
    assert "Exit codes:" in out


def test_short_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["-V"], capsys)
    assert (code, out) == (0, f"newsdesk, version {newsdesk.__version__}\n")
    code, out, _ = run(["summarize", str(EXAMPLE), "-w", "80", "-n", "2", "-s", "lead"], capsys)
    assert code == 0
    code, out, _ = run(["summarize", str(EXAMPLE), "-w", "80", "-n", "2", "-f", "json"], capsys)
    brief = json.loads(out)
    assert brief["config"] == {
        "words": 80,
        "sentences": 2,
        "summarizer": "newsdesk",
        "query": None,
        "no_query": False,
    }
    assert len(brief["sentences"]) <= 2


def test_shell_completion_works_as_the_readme_says() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'eval "$(_NEWSDESK_COMPLETE=bash_source newsdesk)"' in readme
    env = {**os.environ, "_NEWSDESK_COMPLETE": "bash_complete", "COMP_WORDS": "newsdesk summ"}
    env["COMP_CWORD"] = "1"
    for command in (
        [sys.executable, "-m", "newsdesk"],
        [str(Path(sys.executable).parent / "newsdesk")],
    ):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0
        assert done.stdout.split() == ["plain,summarize", "plain,summarizers"]


# -- 4. labels from 1 -------------------------------------------------------------------


def test_a_multinews_file_lists_its_sources_numbered_as_cited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mn1.src"
    path.write_text(" ||||| ".join(example_text(n) for n in NAMES[:2]) + " ||||| ", "utf-8")
    code, out, _ = run(["summarize", str(path), "-w", "60"], capsys)
    assert code == 0
    # The first names its outlet in its dateline (issue 26); the second is known by its part.
    assert "  [1] CNN" in out and "  [2] mn1.src#2" in out
    assert f"Skipped {path}#3: empty" in out


# -- 5. choosing a cluster --------------------------------------------------------------


def test_clusters_lists_ids_counts_and_headlines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = clusters_file(tmp_path, count=3)
    code, out, _ = run(["clusters", str(data)], capsys)
    assert code == 0
    rows = [line.split("\t") for line in out.splitlines()]
    counts = [["1", "c0", "5 articles"], ["2", "c1", "4 articles"], ["3", "c2", "5 articles"]]
    assert [row[:3] for row in rows] == counts
    assert rows[1][3].startswith("- US officials are reportedly planning")  # 001_...: line 1
    code, out, _ = run(["summarize", str(data), "--cluster", "c1", "-w", "40"], capsys)
    assert code == 0 and "  [4] document 4" in out  # c1 holds documents 1 to 4


# -- 6. batch writes whole briefs -------------------------------------------------------


def test_batch_json_writes_each_whole_brief_as_summarize_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], schema: dict[str, Any]
) -> None:
    data = clusters_file(tmp_path)
    output = tmp_path / "briefs.jsonl"
    code, _, err = run(["batch", str(data), "-w", "60", "-f", "json", "-o", str(output)], capsys)
    assert code == 0, err
    lines = [json.loads(line) for line in output.read_text().splitlines()]
    assert [line["story_id"] for line in lines] == ["c0", "c1"]
    for number, line in enumerate(lines):
        jsonschema.validate(line, schema)
        code, out, _ = run(
            ["summarize", str(data), "--cluster", f"c{number}", "-w", "60", "-f", "json"], capsys
        )
        alone = json.loads(out)
        for key in ("sentences", "removed", "config", "comparison", "words"):
            assert line[key] == alone[key], key
        assert [a["id"] for a in line["articles"]] == [a["id"] for a in alone["articles"]]
    # The summary lines stay the default, and a run is resumed only in its own format.
    code, _, err = run(["batch", str(data), "-w", "60", "-o", str(output), "--resume"], capsys)
    assert code == 2 and "format='json'" in err
    code, _, err = run(
        ["batch", str(data), "-w", "60", "-f", "json", "-o", str(output), "--resume"], capsys
    )
    assert code == 0 and "(2 already done)" in err
    code, out, _ = run(["batch", str(data), "-w", "60"], capsys)
    assert [sorted(json.loads(line)) for line in out.splitlines()] == [["id", "summary"]] * 2


# -- 7. evaluate writes only where asked ------------------------------------------------


def test_evaluate_writes_no_file_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "in").mkdir()
    data = clusters_file(tmp_path / "in")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    code, out, _ = run(["evaluate", str(data), "-w", "50", "-s", "lead"], capsys)
    assert code == 0 and "per-cluster" not in out
    assert list(work.iterdir()) == [] and sorted(p.name for p in data.parent.iterdir()) == [
        "clusters.jsonl"
    ]
    code, out, _ = run(
        ["evaluate", str(data), "-w", "50", "-s", "lead", "--per-cluster", "s.tsv"], capsys
    )
    assert code == 0 and "per-cluster scores: s.tsv" in out
    assert [p.name for p in work.iterdir()] == ["s.tsv"]


# -- 8. the config echo -----------------------------------------------------------------


def test_config_echo_is_the_same_from_the_cli_and_the_api(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["summarize", str(EXAMPLE), "-f", "json"], capsys)
    assert code == 0
    from_cli = json.loads(out)["config"]
    from_api = newsdesk.summarize([EXAMPLE]).config
    expected = {
        "words": 120,
        "sentences": None,
        "summarizer": "newsdesk",
        "query": None,
        "no_query": False,
    }
    assert from_cli == from_api == expected


# -- 9. the Python API ------------------------------------------------------------------


def test_summarize_takes_one_path_as_a_string_or_a_path() -> None:
    listed = newsdesk.summarize([str(EXAMPLE)], words=60)
    for one in (str(EXAMPLE), EXAMPLE):
        brief = newsdesk.summarize(one, words=60)
        assert [s.text for s in brief.sentences] == [s.text for s in listed.sentences]
    assert isinstance(brief.sentences[0], newsdesk.BriefSentence)
    assert isinstance(brief.sentences[0].scored, newsdesk.ScoredSentence)
    assert all(isinstance(r, newsdesk.Removal) for r in brief.story.removed)
    for name in ("BriefSentence", "Citation", "Removal", "Skipped", "Comparison", "Brief"):
        assert name in newsdesk.__all__ and hasattr(newsdesk, name)


# -- 10. text output --------------------------------------------------------------------


def test_one_removed_piece_is_singular(capsys: pytest.CaptureFixture[str]) -> None:
    # 003 has one piece of furniture removed, 002 none.
    paths = [str(EXAMPLE / NAMES[2]), str(EXAMPLE / NAMES[3])]
    code, out, _ = run(["summarize", *paths, "-w", "60"], capsys)
    assert code == 0 and "Removed 1 piece of page furniture (details: --format json)." in out


def test_compare_tables_wrap_to_the_width_and_cut_nothing() -> None:
    from newsdesk.compare import compare

    comparison = compare(EXAMPLE)
    whole = render_comparison(comparison, "text")
    narrow = render_comparison(comparison, "text", width=90)
    assert "\u2026" not in whole and "\u2026" not in narrow
    assert max(len(line) for line in narrow.splitlines()) <= 90
    claims = [c.text for c in comparison.consensus + comparison.single_source]
    assert all(claim in whole for claim in claims)  # a row is one whole line off a terminal
    flat = " ".join(narrow.split())
    assert all(" ".join(claim.split()) in flat for claim in claims)
    assert any(len(claim) > 90 for claim in claims)  # the old cut would have hit these


# -- the package ------------------------------------------------------------------------


def test_python_m_newsdesk_and_the_console_script_behave_the_same(tmp_path: Path) -> None:
    script = str(Path(sys.executable).parent / "newsdesk")
    for args in (["--help"], ["summarize", "-h"], ["summarize"], ["batch", "/nonexistent"]):
        module = subprocess.run([sys.executable, "-m", "newsdesk", *args], capture_output=True)
        console = subprocess.run([script, *args], capture_output=True)
        assert (module.returncode, module.stdout, module.stderr) == (
            console.returncode,
            console.stdout,
            console.stderr,
        ), args


def test_license_changelog_and_project_metadata_agree() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "Apache-2.0"
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in license_text and "Version 2.0, January 2004" in license_text
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {project['version']} " in changelog and project["version"] == newsdesk.__version__
    for url in project.get("urls", {}).values():  # only addresses that exist: none made up
        assert not url.startswith("https://github.com/newsdesk/"), url
    schema = json.loads((ROOT / "src/newsdesk/schema/brief.schema.json").read_text())
    assert "$id" not in schema  # no made-up address
