"""One cleaning for every text newsdesk shows (issue 25, item 2): :func:`newsdesk.text.clean_text`
on terminal control sequences (CSI, OSC: window title and OSC 8 hyperlinks, DCS, the C1
forms), C0 and C1 controls and the controls of text direction; and the places that use it:
article text and titles, file names, drafts, error and log messages."""

from __future__ import annotations

import contextlib
import io
import logging
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLE, example_text

from newsdesk.check import check
from newsdesk.cli import main
from newsdesk.files import display_name
from newsdesk.ingest import normalise_text, read_story
from newsdesk.text import BIDI_CONTROLS, CONTROLS, INVISIBLE, ShownFormatter, clean_text, shown

# What must never reach a terminal or a page, in any text newsdesk shows.
NEVER_SHOWN = ("\x1b", "\x07", "\x9b", "\x9d", "\x90", "\u202e", "\u202d", "\u2066", "\u2069")

CASES = {
    "CSI colour and erase": ("red \x1b[31mwarning\x1b[0m\x1b[2J here", "red warning here"),
    "CSI with private parameters": ("a\x1b[?25lb\x1b[1;2Hc", "abc"),
    "OSC window title (BEL)": ("\x1b]0;pwned\x07Title", "Title"),
    "OSC window title (ST)": ("\x1b]2;pwned\x1b\\Title", "Title"),
    "OSC 8 hyperlink": (
        "see \x1b]8;;http://evil.example/\x1b\\this\x1b]8;;\x1b\\ now",
        "see this now",
    ),
    "DCS": ("x\x1bP1;2|secret\x1b\\y", "xy"),
    "APC and PM": ("x\x1b_apc\x1b\\y\x1b^pm\x1b\\z", "xyz"),
    "C1 CSI": ("a\x9b31mb", "ab"),
    "C1 OSC to C1 ST": ("a\x9d0;pwned\x9cb", "ab"),
    "C1 DCS to BEL": ("a\x90q#0\x07b", "ab"),
    "lone C1 controls": ("a\x85b\x8dc\x9fd", "abcd"),
    "two-character escapes": ("a\x1bcb\x1b(Bc\x1b7d", "abcd"),
    "an unterminated OSC: its introducer goes, the rest is inert": (
        "a\x1b]0;title b",
        "a0;title b",
    ),
    "bidi overrides and isolates": ("\u202eevil\u202c \u2066x\u2069 \u202dy", "evil x y"),
    "invisible characters": ("sum\u200bmit\u00ad\ufeff", "summit"),
    "C0 controls": ("a\x00b\x07c\x08d\x7fe", "abcde"),
    "line ends": ("one\r\ntwo\rthree\n", "one\ntwo\nthree\n"),
    "lone surrogate": ("caf\udce9", "caf\ufffd"),
    "plain text is unchanged": ("“Quoted” — café, 12\t%\n", "“Quoted” — café, 12\t%\n"),
}


@pytest.mark.parametrize("case", CASES)
def test_clean_text_removes_sequences_and_controls(case: str) -> None:
    given, wanted = CASES[case]
    assert clean_text(given) == wanted
    assert clean_text(wanted) == wanted  # idempotent


def test_text_with_nothing_to_clean_is_returned_as_it_is() -> None:
    """Most articles hold nothing to remove: they are returned after one search, and every
    character (tab and line breaks kept) is cleaned as translating the text cleans it."""
    text = "Plain “news” text — café, 1,200 people.\n\tIndented\fand\vmore."
    assert clean_text(text) is text
    removed = {ord(c) for c in INVISIBLE + BIDI_CONTROLS + CONTROLS.replace("\r", "")}
    for code in [*range(0x3100), *range(0xD7F0, 0xE010), *range(0xFE00, 0x10000)]:
        c = chr(code)
        if c in "\r\x1b\x90\x98\x9b\x9d\x9e\x9f":  # line ends and sequences: tested above
            continue
        expected = "\ufffd" if 0xD800 <= code <= 0xDFFF else "" if code in removed else c
        assert clean_text(f"a{c}b") == f"a{expected}b", hex(code)


def test_the_readers_use_the_same_function() -> None:
    assert normalise_text is clean_text


def test_escaped_form_shows_what_is_there_on_one_line() -> None:
    assert shown("caf\x1b[2J\u202e.txt\nx\ty") == "caf\\x1b[2J\\u202e.txt\\x0ax\\x09y"
    assert shown("a\x9bb\u200bc") == "a\\x9bb\\u200bc"
    assert shown("plain café") == "plain café"
    assert display_name("odd\x1b]0;t\x07\u202e.txt") == "odd\\x1b]0;t\\x07\\u202e.txt"


def test_many_introducers_take_linear_time() -> None:
    for hostile in ("\x1b]" * 200_000, "\x9d" * 400_000, "\x1b[" * 200_000, "\x90a" * 200_000):
        started = time.perf_counter()
        cleaned = clean_text(hostile)
        assert time.perf_counter() - started < 2
        assert not any(c in cleaned for c in NEVER_SHOWN)


def test_article_text_and_titles_are_cleaned(tmp_path: Path) -> None:
    page = (
        "<html><head><title>\u202eTitle\x1b]0;pwned\x07 of the page</title></head><body>"
        "<article><p>" + example_text("002_b7be0f4736482fe2.txt") + "\x1b]8;;http://x\x1b\\"
        "</p></article></body></html>"
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (tmp_path / "a.txt").write_text(
        "\x1b]0;pwned\x07" + example_text("001_165c52e1f2bbd996.txt"), encoding="utf-8"
    )
    story = read_story([tmp_path])
    assert len(story.articles) == 2
    for article in story.articles:
        for text in (article.text, article.title or "", article.source):
            assert not any(c in text for c in NEVER_SHOWN), text
    # Text files lose the whole sequence; an HTML parser drops the escape character itself
    # before newsdesk sees the text, so what is left of a sequence there is inert.
    [text_file] = [a for a in story.articles if a.source == "a.txt"]
    assert "]0;pwned" not in text_file.text
    [page_file] = [a for a in story.articles if a.source != "a.txt"]
    assert page_file.title is not None and "Title" in page_file.title


def _run(args: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


HOSTILE_DRAFT = (
    "Trump and Kim \x1b]0;pwned\x07will meet \x1b]8;;http://evil.example/\x1b\\in Vietnam"
    "\x1b]8;;\x1b\\. Kim said \u202e hello \x1b[31mred\x1b[0m. \x9b31m Then \x1bP1;2q x\x1b\\ "
    "\x85done.\n"
)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_check_never_writes_a_drafts_control_sequences(tmp_path: Path, fmt: str) -> None:
    """Issue 25, item 2: OSC sequences and direction overrides of a draft reached the
    terminal (CSI was removed only by Click, when the output is not a terminal)."""
    draft = tmp_path / "draft.txt"
    draft.write_text(HOSTILE_DRAFT, encoding="utf-8")
    # A subprocess: its standard output is a pipe, raw bytes as a terminal would get them.
    command = [sys.executable, "-m", "newsdesk", "check", str(draft), "--against", str(EXAMPLE)]
    done = subprocess.run([*command, "--format", fmt], capture_output=True)
    assert done.returncode == 8, done.stderr
    output = (done.stdout + done.stderr).decode("utf-8")
    assert not any(c in output for c in NEVER_SHOWN)
    assert "]0;pwned" not in output and "]8;;" not in output and "P1;2q" not in output
    assert "Trump and Kim will meet in Vietnam." in output  # the words are kept


def test_the_api_check_cleans_the_draft_too() -> None:
    result = check(HOSTILE_DRAFT, [EXAMPLE])
    for sentence in result.sentences:
        assert not any(c in sentence.text for c in NEVER_SHOWN)
    assert result.sentences[0].verdict == "supported"


def test_error_and_log_messages_are_shown_escaped(tmp_path: Path) -> None:
    odd = tmp_path / "missing\x1b]0;pwned\x07\u202e.txt"
    code, _, err = _run(["summarize", str(odd)])
    assert code == 3
    assert not any(c in err for c in NEVER_SHOWN)
    assert "missing\\x1b]0;pwned\\x07\\u202e.txt" in err
    code, _, err = _run(["summarize", str(EXAMPLE), "--\x1b]0;x\x07"])
    assert code == 2 and "\x1b" not in err
    record = logging.LogRecord("newsdesk", logging.WARNING, "", 0, "a\x1b[2J%s", ("\u202eb",), None)
    assert ShownFormatter("%(message)s").format(record) == "a\\x1b[2J\\u202eb"


def test_cluster_ids_and_headlines_are_listed_safely(tmp_path: Path) -> None:
    data = tmp_path / "clusters.jsonl"
    data.write_text(
        '{"id": "a\\u001b]0;pwned\\u0007b", "documents": [{"title": "T\\u202eitle\\u001b[2J", '
        '"text": "x"}]}\n',
        encoding="utf-8",
    )
    code, out, _ = _run(["clusters", str(data)])
    assert code == 0 and out == "1\ta\\x1b]0;pwned\\x07b\t1 article\tTitle\n"
