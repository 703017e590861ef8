"""Every bad input of the foundation issue: a clear error or a reason in ``skipped``."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLE, FIXTURES, example_text

from newsdesk.config import SummaryConfig
from newsdesk.errors import InputError
from newsdesk.ingest import read_story

GOOD = EXAMPLE / "001_165c52e1f2bbd996.txt"


def _reason(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    story = read_story([GOOD, path])
    assert len(story.articles) == 1
    [skipped] = story.skipped
    assert skipped.input == str(path)
    return skipped.reason


def test_empty_file(tmp_path: Path) -> None:
    assert _reason(tmp_path, "empty.txt", b"") == "empty"


def test_whitespace_only_file(tmp_path: Path) -> None:
    assert _reason(tmp_path, "blank.txt", b" \n\n\t\n") == "empty"


def test_binary_file(tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    assert "binary" in _reason(tmp_path, "photo.txt", data)


def test_html_without_article() -> None:
    story = read_story([GOOD, FIXTURES / "no-article.html"])
    assert [s.reason for s in story.skipped] == ["HTML page with no article text"]


def test_unsupported_file_in_folder_is_listed(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(example_text("000_d20ab8346781905e.txt"))
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    story = read_story([tmp_path])
    assert [(Path(s.input).name, s.reason) for s in story.skipped] == [
        ("notes.pdf", "not an article file (.pdf)")
    ]


def test_too_long_article_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("word " * 2000)
    story = read_story([GOOD, path], config=SummaryConfig(max_article_chars=5000))
    assert "too" in story.skipped[0].reason


def test_non_utf8_file_is_decoded_and_says_so(tmp_path: Path) -> None:
    text = example_text("004_90e8008a89271f40.txt").replace("’", "'").replace("–", "-")
    text = text.replace("“", '"').replace("”", '"') + " Café, naïve façade."
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("cp1252"))
    story = read_story([path])
    article = story.articles[0]
    assert article.encoding != "utf-8"
    assert "Café, naïve façade." in article.text


def test_nothing_usable_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError, match=r"no usable article.*empty"):
        read_story([tmp_path])


def test_empty_stdin_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no usable article"):
        read_story(["-"], stdin=b"")


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_story([tmp_path / "nope"])


def test_no_paths_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no input"):
        read_story([])
