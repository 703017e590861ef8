"""newsdesk check: verdicts, evidence and problems of draft sentences, and the same citations
as the brief and the comparison give (one support test)."""

from __future__ import annotations

import io
import itertools
import json
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE, shared_file

import newsdesk
from newsdesk.check import CONTRADICTED, PARTLY, SUPPORTED, UNSUPPORTED, check
from newsdesk.cli import main
from newsdesk.errors import InputError, UnsupportedDraftError
from newsdesk.ingest import read_story, story_from_cluster
from newsdesk.pipeline import summarize_story
from newsdesk.render import check_to_dict

DRAFT = (
    "US officials are reportedly planning on going to Vietnam for the next Trump-Kim summit. "
    "Trump and Kim met in Singapore in March. "
    "Trump and Kim did not meet in Singapore in June. "
    "The summit will be held on the Moon with 400 astronauts. "
    "Kim Yong Chol met Sunday with Secretary of State Michael Pompeo."
)


@pytest.fixture(scope="module")
def result() -> newsdesk.check.CheckResult:  # type: ignore[name-defined]
    return check(DRAFT, [EXAMPLE])


def test_one_verdict_a_sentence_in_draft_order(result: object) -> None:
    verdicts = [(s.verdict, s.text[:20]) for s in result.sentences]  # type: ignore[attr-defined]
    assert [v for v, _ in verdicts] == [
        SUPPORTED,
        CONTRADICTED,
        CONTRADICTED,
        UNSUPPORTED,
        CONTRADICTED,
    ]
    for s in result.sentences:  # type: ignore[attr-defined]
        assert DRAFT[s.start : s.end] == s.text


def test_problems_say_what_is_wrong(result: object) -> None:
    month, negation, _, day = (s.problems for s in result.sentences[1:])  # type: ignore[attr-defined]
    assert month[0].startswith("the sources give the month as June, not March [")
    assert 'negates "meet"' in negation[0]
    assert day[0].startswith("the sources give the day as Friday, not Sunday [4]")
    assert result.sentences[0].problems == ()  # type: ignore[attr-defined]


def test_partly_names_the_missing_content() -> None:
    partly = check(
        "Trump and Kim met in Singapore in June to discuss a peace treaty and sanctions relief "
        "for the whole of the Korean peninsula.",
        [EXAMPLE],
    )
    assert partly.sentences[0].verdict == PARTLY
    assert "not in the sources:" in partly.sentences[0].problems[0]


def test_json_shape(result: object) -> None:
    data = check_to_dict(result)  # type: ignore[arg-type]
    assert data["supported"] is False
    assert data["verdicts"] == {"supported": 1, "partly": 0, "unsupported": 1, "contradicted": 3}
    first = data["sentences"][0]
    assert set(first) >= {"text", "verdict", "citations", "evidence", "problems"}
    evidence = first["evidence"][0]
    article = next(a for a in data["articles"] if a["id"] == evidence["article_id"])
    assert article["number"] >= 1 and evidence["end"] > evidence["start"]


def test_same_citations_as_the_brief_and_the_comparison() -> None:
    story = read_story([EXAMPLE])
    brief = summarize_story(story, words=250, compare=True)
    assert brief.comparison is not None
    sentences = [s.text for s in brief.sentences]
    claims = [c for c in brief.comparison.consensus if not c.about]
    result = check("\n".join(sentences + [c.text for c in claims]), story)
    expected = [{c.article_id for c in s.citations} for s in brief.sentences]
    expected += [set(c.article_ids) for c in claims]
    assert [{c.article_id for c in s.citations} for s in result.sentences] == expected
    assert all(s.verdict == SUPPORTED for s in result.sentences)


def test_same_citations_on_multinews_dev() -> None:
    path = shared_file("multinews-dev.jsonl")
    with path.open() as handle:
        clusters = [json.loads(line) for line in itertools.islice(handle, 5)]
    for cluster in clusters:
        story = story_from_cluster(cluster)
        brief = summarize_story(story, words=250)
        result = check("\n".join(s.text for s in brief.sentences), story)
        assert [{c.article_id for c in s.citations} for s in result.sentences] == [
            {c.article_id for c in s.citations} for s in brief.sentences
        ]


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT.split(". ")[0] + ".")
    assert main(["check", str(draft), "--against", str(EXAMPLE)]) == 0
    assert "SUPPORTED:" in capsys.readouterr().out
    draft.write_text(DRAFT)
    assert main(["check", str(draft), "--against", str(EXAMPLE), "--format", "json"]) == (
        UnsupportedDraftError.exit_code
    )
    captured = capsys.readouterr()
    assert json.loads(captured.out)["verdicts"]["contradicted"] == 3
    assert "not fully supported" in captured.err
    assert main(["check", str(tmp_path / "none.txt"), "--against", str(EXAMPLE)]) == 3


def test_empty_draft_is_an_input_error() -> None:
    with pytest.raises(InputError):
        check("  \n ", [EXAMPLE])


def test_a_hedged_report_supports_no_certain_statement() -> None:
    # The sources say Hanoi was "keen to host" and the summit "likely" there: not a fact.
    [sentence] = check("Trump will meet Kim in Hanoi in late February.", [EXAMPLE]).sentences
    assert sentence.verdict == PARTLY
    assert sentence.problems[0].startswith("the sources only report it as ")


def test_another_ordinal_is_a_contradiction() -> None:
    [sentence] = check("Trump and Kim will hold their third summit in Hanoi.", [EXAMPLE]).sentences
    assert sentence.verdict == CONTRADICTED
    assert sentence.problems[0].startswith('the sources say "second", not "third"')


def _check_file(draft: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", str(draft), "--against", str(EXAMPLE)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_a_large_draft_is_refused_with_its_real_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 25, item 7: a 5 MB draft was "a draft of 800,001 characters"."""
    draft = tmp_path / "draft.txt"
    draft.write_bytes(b"The summit will be held in Vietnam. " * 140_000)  # 5,040,000 bytes
    code, said = _check_file(draft, capsys)
    assert code == InputError.exit_code
    assert "the draft is 5,040,000 bytes; at most 200,000 characters" in said
    # Standard input has no size to tell: it is read to the limit and said to be over it.
    with draft.open("rb") as stream:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(stream))
        code = main(["check", "-", "--against", str(EXAMPLE)])
    assert code == 3 and "the draft is over 800,000 bytes" in capsys.readouterr().err
    # Within the byte limit but over the characters checked: the real count.
    draft.write_bytes(b"The summit will be held in Vietnam. " * 6_000)
    code, said = _check_file(draft, capsys)
    assert code == 3 and "the draft has 216,000 characters; at most 200,000" in said


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 2_000,  # binary with NUL bytes, ESC bytes among them
        b"\xff\xfe" + "Hello".encode("utf-16-le") + b"\x00\xd8",  # broken UTF-16
    ],
)
def test_a_binary_draft_is_not_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    """Issue 25, item 7: a binary draft was checked as 465 sentences of mojibake (exit 8),
    its ESC bytes written to the terminal; articles that are binary are skipped as binary."""
    draft = tmp_path / "draft.bin"
    draft.write_bytes(content)
    code, said = _check_file(draft, capsys)
    assert code == 3 and "the draft is not text" in said
    assert "\x1b" not in said and "UNSUPPORTED" not in said
    folder_code, said = _check_file(tmp_path, capsys)
    assert folder_code == 3 and "is a folder" in said


def test_a_draft_is_decoded_as_article_files_are(tmp_path: Path) -> None:
    from newsdesk.check import read_draft

    text = "Trump and Kim will meet in Vietnam, café.\n"
    for encoding in ("utf-8", "utf-16", "utf-8-sig"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        assert read_draft(path) == text
    cp1252 = tmp_path / "cp1252.txt"
    cp1252.write_bytes("The café’s summit was held in Hanoi on Tuesday.\n".encode("cp1252"))
    assert read_draft(cp1252) == "The café’s summit was held in Hanoi on Tuesday.\n"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    with pytest.raises(InputError, match="the draft is empty"):
        read_draft(empty)
