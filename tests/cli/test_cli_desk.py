from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from desk.streams import EXAMPLE, write_stream

from newsdesk.cli import main


def test_add_stories_story(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "desk.db")
    stream = tmp_path / "stream.jsonl"
    ids = write_stream(stream)
    assert main(["add", str(stream), "--db", db, "-q"]) == 0
    assert "5 new articles, 11 copies, 0 already stored" in capsys.readouterr().err
    assert main(["add", str(EXAMPLE), "--db", db]) == 0
    assert "0 new articles, 0 copies, 5 already stored" in capsys.readouterr().err

    assert main(["stories", "--db", db, "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)["stories"]
    assert sorted(i for story in listed for i in story["input_ids"]) == sorted(ids)
    assert [(s["articles"], s["copies"]) for s in listed] == [(5, 11)]

    # The story's one dated article (the HTML page's metadata: 2019-01-19) dates it; the
    # others say nothing of when they were published.
    assert main(["stories", "--db", db, "--since", "2019-01-18"]) == 0
    assert "5 articles, 11 copies; 2019-01-19 00:00 .. 2019-01-19 00:00\n" in (
        capsys.readouterr().out
    )
    assert main(["stories", "--db", db, "--since", "1d"]) == 0
    assert capsys.readouterr().out == ""

    story_id = str(listed[0]["id"])
    assert main(["story", story_id, "--db", db, "--format", "json", "--words", "60"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["words"] <= 60
    assert len(shown["articles"]) == 5  # the brief's sources: originals only
    assert sum(a["copy_of"] is not None for a in shown["story"]["articles"]) == 11
    assert shown["comparison"] is None  # asked for with --compare only: it costs
    asked = ["story", story_id, "--db", db, "--format", "json", "--words", "60", "--compare"]
    assert main(asked) == 0
    compared = json.loads(capsys.readouterr().out)
    assert compared["comparison"]["timeline"]  # computed when asked (the example has dates)
    assert compared["sentences"] == shown["sentences"]  # the same brief, and the comparison
    assert main(["story", story_id, "--db", db]) == 0
    text = capsys.readouterr().out
    assert "copy of article" in text and "Consensus" not in text
    assert main(["story", story_id, "--db", db, "--compare"]) == 0
    assert "Consensus" in capsys.readouterr().out


def test_db_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSDESK_DB", str(tmp_path / "env.db"))
    assert main(["add", str(EXAMPLE)]) == 0
    assert (tmp_path / "env.db").exists()


def test_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "desk.db")
    assert main(["add", str(tmp_path / "missing.txt"), "--db", db]) == 3
    assert main(["story", "12", "--db", db]) == 3
    assert main(["stories", "--db", db, "--since", "yesterday-ish"]) == 2
    assert main(["add", str(EXAMPLE), "--db", db, "--jobs", "0"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "no story 12" in err


def test_add_reads_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import sys

    text = sorted(EXAMPLE.glob("*.txt"))[0].read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    assert main(["add", "-", "--db", str(tmp_path / "desk.db")]) == 0
    assert "1 new article, 0 copies" in capsys.readouterr().err


def test_story_since_tells_what_is_new(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "desk.db")
    files = sorted(EXAMPLE.iterdir())
    assert main(["add", *map(str, files[:2]), "--db", db, "-q"]) == 0
    time.sleep(1.1)  # the store keeps whole seconds
    since = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    assert main(["add", *map(str, files[2:]), "--db", db, "-q"]) == 0
    capsys.readouterr()
    assert main(["stories", "--db", db, "--format", "json"]) == 0
    (story,) = json.loads(capsys.readouterr().out)["stories"]
    args = ["story", str(story["id"]), "--db", db, "--format", "json", "--since", since]
    assert main(args) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["focus"]["seen_articles"] == 2
    assert len(shown["articles"]) == 3  # the brief cites the new articles only
    new_sources = {a["source"] for a in shown["articles"]}
    assert new_sources == {f.name for f in files[2:]}
    assert main([*args[:-1], "2999-01-01"]) == 3
    assert "nothing new in story" in capsys.readouterr().err
