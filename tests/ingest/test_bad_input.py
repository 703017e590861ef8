"""Every bad input of the foundation issue: a clear error or a reason in ``skipped``."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE, FIXTURES, example_text

from newsdesk.config import SummaryConfig
from newsdesk.errors import InputError
from newsdesk.files import read_bounded
from newsdesk.ingest import normalise_text, read_story
from newsdesk.ingest.markdown import markdown_to_text

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


def _skipped(story_inputs: list[Path | str], **options: object) -> dict[str, str]:
    story = read_story(story_inputs, **options)  # type: ignore[arg-type]
    return {Path(s.input).name: s.reason for s in story.skipped}


def test_markdown_emphasis_and_links_are_removed_in_linear_time() -> None:
    # The cases the regular expressions handled, and those that made them quadratic.
    assert markdown_to_text("# Title\nA **bold** and *it* word.") == "Title\nA bold and it word."
    assert markdown_to_text("See [the report](http://x.org/a) and ![a map](m.png).") == (
        "See the report and a map."
    )
    assert markdown_to_text("**a *b* c** _d_ * e*") == "a *b* c d * e*"
    # 33,000 openers without a closer took 53 s; 330,000 (1 MB) now take well under a second.
    text = "*a " * 330_000
    assert markdown_to_text(text) == text
    assert markdown_to_text("[a](" * 250_000) == "[a](" * 250_000


def test_folder_skips_fifos_devices_and_broken_links_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(example_text(GOOD.name))
    os.mkfifo(tmp_path / "pipe.txt")  # opening it would wait forever for a writer
    (tmp_path / "zero.txt").symlink_to("/dev/zero")  # reading it would never end
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "absent.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "folder.txt").mkdir()
    assert _skipped([tmp_path]) == {
        "dangling.txt": "dangling symbolic link",
        "folder.txt": "sub-folders are not read",
        "loop.txt": "symbolic link loop",
        "pipe.txt": "not a regular file (a named pipe)",
        "zero.txt": "not a regular file (a device)",
    }


def test_inputs_are_read_up_to_the_limit_whatever_their_size_says() -> None:
    zero = "/dev/zero"  # st_size 0, never ends: named on its own, it is read up to the limit
    reason = _skipped([GOOD, zero], config=SummaryConfig(max_article_chars=5000))["zero"]
    assert reason == "file too large (20001 bytes > 20000)"
    with open(zero, "rb") as endless:
        assert len(read_bounded(endless, 10)) == 11


def test_standard_input_is_read_up_to_a_limit() -> None:
    command = [sys.executable, "-m", "newsdesk", "summarize", "-"]
    with open("/dev/zero", "rb") as endless:
        done = subprocess.run(command, stdin=endless, capture_output=True, text=True, timeout=60)
    assert done.returncode == 3 and "standard input is over the limit" in done.stderr


def test_encodings_by_bom_then_utf8_then_mixed_then_detection(tmp_path: Path) -> None:
    text = example_text(GOOD.name)
    for encoding in ("utf-16", "utf-16-be", "utf-32", "utf-8-sig"):
        data = text.encode(encoding)
        if encoding == "utf-16-be":
            data = codecs.BOM_UTF16_BE + data
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(data)
        [article] = read_story([path]).articles
        assert article.text == text.strip("\n")
        assert article.encoding == encoding.removesuffix("-be").removesuffix("-sig")
    late_nul = tmp_path / "late-nul.txt"
    late_nul.write_bytes(text.encode() * 3 + b"\x00tail")  # the NUL lies after the first 8 KiB
    assert "binary" in _skipped([GOOD, late_nul])["late-nul.txt"]
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes(text.encode("utf-8") + "\nCafé, naïve façade.\n".encode("cp1252"))
    [article] = read_story([mixed]).articles
    assert article.encoding == "utf-8+cp1252"
    assert article.text == text.strip("\n") + "\nCafé, naïve façade."  # both halves right


def test_invisible_and_control_characters_are_removed(tmp_path: Path) -> None:
    text = example_text(GOOD.name)
    hidden = text.replace("summit", "sum\u200bmit").replace("Trump", "\u202eTrump\u202c")
    hidden = hidden.replace("Kim", "\x1b[31mKim\x1b[0m").replace("\n", "\r\n")
    path = tmp_path / "hidden.txt"
    path.write_text(hidden, encoding="utf-8")
    [article] = read_story([path]).articles
    assert article.text == text.strip("\n")  # terminal sequences go whole (newsdesk.text)
    story = read_story([GOOD, path])  # once cleaned, the same text: a duplicate
    assert [s.reason for s in story.skipped] == [f"duplicate of {GOOD} (same text)"]
    copy = tmp_path / "copy.txt"
    copy.write_text(text.replace("summit", "sum\u200bmit\u00ad"), encoding="utf-8")
    story = read_story([GOOD, copy])  # the same text once invisible characters are gone
    assert [s.reason for s in story.skipped] == [f"duplicate of {GOOD} (same text)"]
    assert (
        normalise_text("plain text, “quoted” — and café\n") == "plain text, “quoted” — and café\n"
    )


def test_file_names_that_are_not_utf8_or_hold_escapes_are_shown_safely(tmp_path: Path) -> None:
    odd = os.fsencode(tmp_path) + b"/caf\xe9 \x1b[2J.txt"
    with open(odd, "wb") as handle:
        handle.write(example_text(GOOD.name).encode())
    story = read_story([os.fsdecode(odd), GOOD])
    shown = {a.source for a in story.articles}
    assert "caf\ufffd \\x1b[2J.txt" in shown
    output = tmp_path / "brief.json"
    command = [sys.executable, "-m", "newsdesk", "summarize", os.fsdecode(odd), str(GOOD)]
    done = subprocess.run(
        [*command, "--format", "json", "-o", str(output)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    brief = json.loads(output.read_text(encoding="utf-8"))
    assert "caf\ufffd \\x1b[2J.txt" in {a["source"] for a in brief["articles"]}
    done = subprocess.run(command, capture_output=True)
    assert done.returncode == 0 and b"\x1b" not in done.stdout + done.stderr
