"""The second hour with newsdesk (issue 26): text a person reads in a terminal, one grammar of
options across commands, counts in words, clusters by number, schemas for every JSON output,
progress. One test (or more) per numbered friction of the issue."""

from __future__ import annotations

import re
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest
from conftest import EXAMPLE

from newsdesk.cli import main
from newsdesk.cli.common import text_width

MARKERS = re.compile(r"^(\[\d+\])+$")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


# -- 1. text wrapped to the terminal, each list once -------------------------------------


def paragraph(out: str) -> list[str]:
    """The brief's paragraph: the lines before the first empty one."""
    return out.split("\n\n", 1)[0].splitlines()


@pytest.mark.parametrize("width", [40, 80, 120])
def test_summarize_wraps_to_the_width_and_keeps_markers_with_their_sentence(
    width: int, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["summarize", str(EXAMPLE), "--width", str(width)], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    body = paragraph(out)
    assert len(body) > 1
    for line in body:  # a marker never starts a line: it stays on its sentence's last word
        assert not re.match(r"\[\d+\]", line), line
    # Nothing lost: the unwrapped paragraph, re-flowed, is the wrapped one.
    code, whole, _ = run(["summarize", str(EXAMPLE)], capsys)
    assert code == 0 and len(paragraph(whole)) == 1
    assert " ".join(body) == paragraph(whole)[0]


def test_piped_output_is_unwrapped_and_width_zero_too(capsys: pytest.CaptureFixture[str]) -> None:
    _, piped, _ = run(["summarize", str(EXAMPLE)], capsys)
    _, zero, _ = run(["summarize", str(EXAMPLE), "--width", "0"], capsys)
    assert piped == zero and len(paragraph(piped)) == 1 and len(paragraph(piped)[0]) > 200


def test_text_width_follows_the_terminal_and_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "72")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert text_width(None, None) == 72
    assert text_width(50, None) == 50 and text_width(0, None) is None
    assert text_width(None, Path("brief.txt")) is None  # a file: whole lines
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert text_width(None, None) is None


def test_columns_80_on_a_terminal_no_line_over_80() -> None:
    """The acceptance item as stated: ``COLUMNS=80`` on a (pseudo-)terminal, summarize and
    compare, no line over 80 characters."""
    pty = pytest.importorskip("pty")
    import os

    for command in ("summarize", "compare"):
        master, slave = pty.openpty()
        env = {**os.environ, "COLUMNS": "80"}
        process = subprocess.Popen(
            [sys.executable, "-m", "newsdesk", command, str(EXAMPLE)],
            stdout=slave,
            stderr=subprocess.PIPE,
            env=env,
        )
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed: the command is done
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(master)
        assert process.wait(timeout=120) == 0, process.stderr.read() if process.stderr else ""
        text = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
        lines = text.splitlines()
        assert len(lines) > 10, command
        assert max(len(line) for line in lines) <= 80, command


def test_check_wraps_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(
        "US officials are reportedly planning on going to Vietnam for the next Trump-Kim "
        "summit. The meeting comes less than a year after the first meeting between a US "
        "president and a North Korean leader.\n",
        encoding="utf-8",
    )
    code, out, err = run(["check", str(draft), "--against", str(EXAMPLE), "--width", "50"], capsys)
    assert code == 0, err
    assert max(len(line) for line in out.splitlines()) <= 50
    assert "Vietnam" in out and out.count("Sources:") == 1


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store of the example stream (five articles, eleven copies): one story."""
    from desk.streams import write_stream

    folder = tmp_path_factory.mktemp("store")
    stream = folder / "stream.jsonl"
    write_stream(stream)
    db = str(folder / "desk.db")
    assert main(["add", str(stream), "--db", db, "-q"]) == 0
    return db


def story_id(db: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["stories", "--db", db, "-f", "json"]) == 0
    import json

    return str(json.loads(capsys.readouterr().out)["stories"][0]["id"])


def test_story_lists_each_article_once(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    number = story_id(store, capsys)
    code, out, err = run(["story", number, "--db", store, "--compare", "--width", "80"], capsys)
    assert code == 0, err
    assert out.count("Sources:") == 1  # the brief's; the comparison does not repeat it
    assert "Articles" not in out
    copies = out.split("Copies (reach, not independent sources):")[1]
    assert copies.count("copy of article") == 11  # the originals are the brief's sources
    assert max(len(line) for line in out.splitlines()) <= 80


def test_story_and_stories_take_the_same_format_output_and_width(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    number = story_id(store, capsys)
    code, out, err = run(["story", number, "--db", store, "-f", "markdown", "-n", "2"], capsys)
    assert code == 0, err
    assert out.startswith(f"# Story {number}: ") and "**Copies" in out
    target = tmp_path / "story.txt"
    code, out, _ = run(["story", number, "--db", store, "-o", str(target)], capsys)
    assert code == 0 and out == "" and "Sources:" in target.read_text(encoding="utf-8")
    listed = tmp_path / "stories.txt"
    code, out, _ = run(["stories", "--db", store, "-o", str(listed), "--width", "40"], capsys)
    text = listed.read_text(encoding="utf-8")
    assert code == 0 and out == "" and "5 articles, 11 copies" in text
    assert max(len(line) for line in text.splitlines()) <= 40


# -- 3. one grammar of options -----------------------------------------------------------


def test_verbose_and_quiet_go_before_or_after_the_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for args in (["-v", "summarize", str(EXAMPLE)], ["summarize", str(EXAMPLE), "-v"]):
        code, _, err = run(args, capsys)
        assert code == 0 and "newsdesk: select" in err, args
    code, _, err = run(["summarize", str(EXAMPLE), "--words", "30", "-q"], capsys)
    assert code == 0 and err == ""
    code, _, err = run(["summarize", str(EXAMPLE), "--words", "30"], capsys)
    assert code == 0 and "newsdesk: select" not in err  # -v of a run before does not linger


# -- 4. counts in words ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "noun", "said"),
    [
        (1, "story", "1 story"),
        (2, "story", "2 stories"),
        (1, "copy", "1 copy"),
        (0, "copy", "0 copies"),
        (3, "dated event", "3 dated events"),
        (1, "new article", "1 new article"),
    ],
)
def test_counts_are_written_as_a_person_writes_them(count: int, noun: str, said: str) -> None:
    from newsdesk.text import plural

    assert plural(count, noun) == said


def test_no_count_in_the_source_says_s_in_brackets() -> None:
    from conftest import ROOT

    # A count written "3 event(s)" in a message: "(s)" after a word inside a string literal
    # (python 3.11 gives an f-string as one STRING token; 3.12 as FSTRING_MIDDLE pieces).
    kinds = {tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}
    offenders = []
    for path in sorted((ROOT / "src" / "newsdesk").rglob("*.py")):
        with path.open("rb") as handle:
            for token in tokenize.tokenize(handle.readline):
                if token.type in kinds and re.search(r"[A-Za-z]\(s\)", token.string):
                    offenders.append(f"{path.name}:{token.start[0]}")
    assert offenders == []


def test_add_counts_one_story_and_one_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desk.streams import copy_of, example_texts

    name, text = example_texts()[0]
    first, second = tmp_path / name, tmp_path / "copy.txt"
    first.write_text(text, encoding="utf-8")
    second.write_text(copy_of(text, "Gazette"), encoding="utf-8")
    code, _, err = run(["add", str(first), str(second), "--db", str(tmp_path / "d.db")], capsys)
    assert code == 0
    assert "1 new article, 1 copy, 0 already stored; 1 story created, 0 grown" in err


# -- 5. choosing a cluster ---------------------------------------------------------------


def three_clusters(tmp_path: Path, ids: tuple[str, ...] = ("c0", "c1", "c2")) -> Path:
    """Three clusters of the example's articles: all five, the first two, the last three."""
    import json

    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))]
    parts = (texts, texts[:2], texts[2:])
    path = tmp_path / "clusters.jsonl"
    lines = [json.dumps({"id": i, "documents": d}) for i, d in zip(ids, parts, strict=True)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_several_clusters_without_cluster_is_a_missing_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = three_clusters(tmp_path)
    code, out, err = run(["summarize", str(data)], capsys)
    assert (code, out) == (2, "")
    assert "choose one with --cluster ID or --cluster N" in err
    assert err.splitlines()[0].startswith("Usage: newsdesk summarize")


def test_a_cluster_is_chosen_by_its_number_as_clusters_lists_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = three_clusters(tmp_path)
    code, listed, _ = run(["clusters", str(data)], capsys)
    assert code == 0 and [r.split("\t")[:2] for r in listed.splitlines()][1] == ["2", "c1"]
    by_id = run(["summarize", str(data), "--cluster", "c1", "-f", "json"], capsys)
    by_number = run(["summarize", str(data), "--cluster", "2", "-f", "json"], capsys)
    assert by_id[0] == 0 and by_id == by_number
    code, _, err = run(["summarize", str(data), "--cluster", "4"], capsys)
    assert code == 3 and "no cluster number 4 (it has 3)" in err


def test_an_id_that_is_a_number_wins_over_a_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = three_clusters(tmp_path, ids=("x", "y", "1"))
    _, chosen, _ = run(["summarize", str(data), "--cluster", "1", "-f", "json"], capsys)
    _, third, _ = run(["summarize", str(data), "--cluster", "3", "-f", "json"], capsys)
    assert chosen == third  # "1" is the id of the third cluster, not the first's position


# -- 6. progress with a total and the time left, on a terminal only -----------------------


def on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)


def test_add_shows_progress_with_its_total(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desk.streams import write_stream

    stream = tmp_path / "stream.jsonl"
    count = len(write_stream(stream))
    on_a_terminal(monkeypatch)
    code, _, err = run(["add", str(stream), str(EXAMPLE), "--db", str(tmp_path / "d.db")], capsys)
    assert code == 0
    assert f"{count + 5}/{count + 5} [" in err  # the total known before the work
    assert " articles/s]" in err and "<" in err  # a space before the unit; the time left


def test_count_inputs_counts_what_add_reads(tmp_path: Path) -> None:
    from desk.streams import write_stream

    from newsdesk.ingest import count_inputs, read_inputs

    stream = tmp_path / "stream.jsonl"
    write_stream(stream)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")  # skipped, and counted as such
    paths = [stream, EXAMPLE, tmp_path / "notes.pdf"]
    assert count_inputs(paths) == sum(1 for _ in read_inputs(paths))
    assert count_inputs(["-"]) is None


def test_evaluate_and_batch_show_progress_with_their_total(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))]
    reference = "Kim Jong Un wants a second summit with Trump, likely in Vietnam."
    data = tmp_path / "c.jsonl"
    lines = [{"id": f"c{i}", "documents": texts[i:], "summaries": [reference]} for i in range(3)]
    data.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    on_a_terminal(monkeypatch)
    code, out, err = run(["evaluate", str(data), "-s", "lead"], capsys)  # -w: 120 by default
    assert code == 0 and "lead" in out
    assert "3/3 [" in err and " clusters/s]" in err
    code, _, err = run(["batch", str(data), "-n", "2", "-o", str(tmp_path / "o.jsonl")], capsys)
    assert code == 0 and "3/3 [" in err and " clusters/s]" in err
    for row in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines():
        assert 1 <= len(json.loads(row)["summary"].split("\n")) <= 2  # -n as summarize's
    code, _, err = run(["evaluate", str(data), "-s", "lead", "-q"], capsys)
    assert code == 0 and "clusters/s" not in err


# -- 3. a schema for every JSON output ----------------------------------------------------


def validate(document: object, name: str) -> None:
    import jsonschema

    from newsdesk.schemas import schema

    jsonschema.Draft202012Validator.check_schema(schema(name))
    jsonschema.Draft202012Validator(schema(name)).validate(document)


def test_every_json_output_follows_its_schema(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    draft = tmp_path / "draft.txt"
    draft.write_text(
        "US officials are reportedly planning on going to Vietnam for the next Trump-Kim "
        "summit. The summit will be held on the moon.\n",
        encoding="utf-8",
    )
    outputs = {
        "summarize": ["summarize", str(EXAMPLE), "-f", "json"],
        "compare": ["compare", str(EXAMPLE), "-f", "json"],
        "check": ["check", str(draft), "--against", str(EXAMPLE), "-f", "json"],
        "stories": ["stories", "--db", store, "-f", "json"],
    }
    for name, args in outputs.items():
        code, out, err = run(args, capsys)
        assert code in (0, 8), err  # check: 8, one sentence is not supported
        validate(json.loads(out), name)
    number = story_id(store, capsys)
    for extra in ([], ["--compare"]):
        code, out, err = run(["story", number, "--db", store, "-f", "json", *extra], capsys)
        assert code == 0, err
        validate(json.loads(out), "story")
    data = three_clusters(tmp_path)
    with data.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "bad", "documents": []}\n')  # an error line
    for fmt in ("summary", "json"):
        output = tmp_path / f"{fmt}.jsonl"
        code, _, err = run(["batch", str(data), "-f", fmt, "-o", str(output)], capsys)
        assert code == 0, err
        lines = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
        assert len(lines) == 4 and "error" in lines[-1]
        for line in lines:
            validate(line, "batch")


def test_schemas_are_strict_enough_to_fail(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    import jsonschema

    code, out, _ = run(["compare", str(EXAMPLE), "-f", "json"], capsys)
    assert code == 0
    comparison = json.loads(out)
    with pytest.raises(jsonschema.ValidationError):
        validate(comparison, "check")  # a comparison is not a check report
    with pytest.raises(jsonschema.ValidationError):
        validate({"stories": [{"id": 1}]}, "stories")
    with pytest.raises(jsonschema.ValidationError):
        validate({"id": "c0", "summary": "x", "error": "y"}, "batch")


def test_schema_names_and_the_check_verdicts_agree(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from newsdesk.check import VERDICTS
    from newsdesk.render import brief_schema_text
    from newsdesk.schemas import ALIASES, SCHEMAS
    from newsdesk.schemas import VERDICTS as SCHEMA_VERDICTS

    assert SCHEMA_VERDICTS == VERDICTS
    code, out, _ = run(["schema"], capsys)
    assert code == 0 and out == brief_schema_text()  # the default: the brief, as shipped
    for name in (*SCHEMAS, *ALIASES):
        code, out, _ = run(["schema", name], capsys)
        assert code == 0 and json.loads(out)["$schema"].endswith("2020-12/schema"), name
    code, _, err = run(["schema", "nope"], capsys)
    assert code == 2 and "Invalid value" in err


def test_help_says_what_each_option_takes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", "-h"], capsys)
    assert code == 0 and "--against PATH" in out and "citations, scores" not in out
    code, out, _ = run(["serve", "-h"], capsys)
    assert code == 0 and "$NEWSDESK_DB" in out
    _, story, _ = run(["story", "-h"], capsys)
    _, stories, _ = run(["stories", "-h"], capsys)
    assert "--since TIME" in story and "--since TIME" in stories


def test_the_readme_table_of_options_is_the_commands_own() -> None:
    """Every option that several commands take has one row in the README's table, with its
    short form and the commands that take it, exactly; and one short form, one meaning."""
    import click
    from conftest import ROOT

    from newsdesk.cli import cli

    taken: dict[str, dict[str, str | None]] = {}  # --long: {command: short}
    root = click.Context(cli, help_option_names=["-h", "--help"])
    for name, command in cli.commands.items():
        for param in command.get_params(click.Context(command, parent=root)):
            if not isinstance(param, click.Option):
                continue
            longs = [o for o in param.opts if o.startswith("--")]
            shorts = [o for o in param.opts if not o.startswith("--")]
            for option in longs:
                taken.setdefault(option, {})[name] = shorts[0] if shorts else None
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {}
    row = re.compile(r"^\| `(--[a-z-]+)[^`]*` \| (?:`(-\w)`)? ?\| .* \| ([^|]+) \|$", re.M)
    for match in row.finditer(readme):
        option, short, commands = match.groups()
        every = commands.strip().startswith("every command")
        rows[option] = (short, every, commands)
    shared = {option: users for option, users in taken.items() if len(users) > 1}
    assert set(shared) == set(rows), set(shared) ^ set(rows)
    for option, users in shared.items():
        short, every, commands = rows[option]
        assert set(users.values()) == {short}, option  # one short form everywhere
        listed = set(cli.commands) if every else {c.strip() for c in commands.split(",")}
        assert listed == set(users), (option, listed ^ set(users))


# -- 7. no warning on every install --------------------------------------------------------


def test_every_install_command_brings_pip_up_to_date() -> None:
    """pip 23.2 (Python 3.11's) warns that lxml lacks the extra 'html_clean' (lxml names it
    'html-clean'; a current pip reads both alike): the README's environments upgrade pip."""
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    venvs = re.findall(r"python3 -m venv[^&\n]*", readme)
    assert venvs and all("--upgrade-deps" in v for v in venvs), venvs
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install --quiet --upgrade pip" in ci
