from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLE, FIXTURES, example_text

from newsdesk.config import SummaryConfig
from newsdesk.errors import ConfigError, InputError
from newsdesk.ingest import (
    iter_clusters,
    list_clusters,
    read_files,
    read_story,
    story_from_cluster,
)
from newsdesk.types import ClusterInfo

FIRST = "000_d20ab8346781905e.txt"
SECOND = "001_165c52e1f2bbd996.txt"


def test_folder_reads_every_article_in_name_order() -> None:
    story = read_story([EXAMPLE])
    assert [Path(a.origin).name for a in story.articles] == sorted(
        p.name for p in EXAMPLE.glob("*.txt")
    )
    assert story.skipped == ()


def test_ids_are_stable_and_independent_of_input_order() -> None:
    forward = read_story([EXAMPLE / FIRST, EXAMPLE / SECOND])
    backward = read_story([EXAMPLE / SECOND, EXAMPLE / FIRST])
    assert {a.id for a in forward.articles} == {a.id for a in backward.articles}
    assert forward.id == backward.id


def test_multinews_separator_splits_files_named_so_and_labels_count_from_one(
    tmp_path: Path,
) -> None:
    joined = example_text(FIRST) + " ||||| " + example_text(SECOND) + " ||||| "
    path = tmp_path / "mn1.src"
    path.write_text(joined, encoding="utf-8")
    story = read_story([path])
    # The first names its outlet in its dateline ("Washington CNN —"); the second is named
    # after its file and place in it.
    assert [a.source for a in story.articles] == ["CNN", "mn1.src#2"]
    assert [a.origin for a in story.articles] == [f"{path}#1", f"{path}#2"]
    assert [(s.input, s.reason) for s in story.skipped] == [(f"{path}#3", "empty")]


def test_the_separator_in_an_ordinary_file_does_not_split_it(tmp_path: Path) -> None:
    # A README that merely mentions the marker is one article, unless split is asked for.
    text = example_text(FIRST) + "\nArticles in Multi-News are separated by |||||.\n"
    path = tmp_path / "README.txt"
    path.write_text(text, encoding="utf-8")
    assert len(read_story([path]).articles) == 1
    assert len(read_story([path], split=True).articles) == 2
    assert len(read_story(["-"], stdin=text.encode()).articles) == 1
    assert len(read_story(["-"], stdin=text.encode(), split=True).articles) == 2


def test_cluster_documents_are_numbered_from_one_as_citations_are(tmp_path: Path) -> None:
    documents = ["", example_text(FIRST), example_text(SECOND)]
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "x", "documents": documents}) + "\n", encoding="utf-8")
    story = read_story([path])
    assert [a.source for a in story.articles] == ["CNN", "document 3"]  # CNN: its dateline
    assert [a.origin for a in story.articles] == [f"{path}:1#2", f"{path}:1#3"]
    assert [s.input for s in story.skipped] == [f"{path}:1#1"]
    named = story_from_cluster({"documents": documents}, origin="r", document_names="article")
    assert [s.input for s in named.skipped] == ["article 1"]


def test_cluster_is_refused_without_a_file_of_clusters() -> None:
    with pytest.raises(ConfigError, match="--cluster must be given with a JSONL file"):
        read_story([EXAMPLE], cluster="x")


def test_several_clusters_error_shows_a_few_ids(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    lines = [{"id": f"c{i}", "documents": [example_text(FIRST)]} for i in range(5)]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"holds 5 clusters \('c0', 'c1', 'c2', \.\.\.\)"):
        read_story([path])
    with pytest.raises(InputError, match=r"no cluster with id 'zz' \(it has 'c0', 'c1', 'c2'"):
        read_story([path], cluster="zz")
    listed = list(list_clusters(path))
    assert [(c.line, c.id, c.articles) for c in listed][:2] == [(1, "c0", 1), (2, "c1", 1)]
    # The first line, cut to 80 characters with an ellipsis (this one is a photo caption).
    assert (
        listed[0].headline
        == "President Donald Trump speaks during a cabinet meeting at the White House, Wedn\u2026"
    )
    titled = tmp_path / "t.jsonl"
    titled.write_text(json.dumps({"documents": [{"title": "A  title", "text": "x"}]}) + "\n")
    assert list(list_clusters(titled)) == [ClusterInfo(1, None, 1, "A title")]


def test_stdin_text_is_one_article() -> None:
    story = read_story(["-"], stdin=example_text(FIRST).encode())
    assert len(story.articles) == 1
    assert story.articles[0].origin == "<stdin>"


def test_jsonl_cluster_keeps_fields(tmp_path: Path) -> None:
    record = {
        "id": "summit",
        "topic": "second summit",
        "documents": [
            example_text(FIRST),
            {
                "text": example_text(SECOND),
                "source": "Business Insider",
                "url": "https://www.businessinsider.com/x",
                "published": "2019-01-19",
                "lang": "en",
            },
        ],
    }
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    story = read_story([path])
    assert story.id == "summit"
    assert story.meta == {"topic": "second summit"}
    second = story.articles[1]
    assert (second.source, second.published, second.meta) == (
        "Business Insider",
        "2019-01-19",
        {"lang": "en"},
    )


def test_jsonl_with_several_clusters_needs_a_choice(tmp_path: Path) -> None:
    path = tmp_path / "two.jsonl"
    lines = [json.dumps({"id": str(i), "documents": [example_text(FIRST)]}) for i in range(2)]
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ConfigError, match="--cluster"):
        read_story([path])
    assert read_story([path], cluster="1").id == "1"


def test_iter_clusters_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"id": "a", "documents": ["x"]}\nnot json\n\n[1]\n', encoding="utf-8")
    results = list(iter_clusters(path))
    assert [number for number, _ in results] == [1, 2, 4]
    assert isinstance(results[0][1], dict)
    assert all(isinstance(r, InputError) for _, r in results[1:])


def test_html_goes_through_the_extractor() -> None:
    story = read_story([FIXTURES / "article.html"])
    article = story.articles[0]
    assert article.title == "US officials plan Vietnam for next Trump-Kim summit"
    assert article.url == "https://news.example.com/politics/trump-kim-vietnam"
    assert article.published == "2019-01-19"
    assert "Hanoi was keen to host" in article.text
    assert "tracker" not in article.text and "Most read" not in article.text


def test_broken_html_still_yields_its_text() -> None:
    story = read_story([FIXTURES / "broken.html"])
    assert "Danang, in central Vietnam" in story.articles[0].text


def test_markdown_markup_is_removed(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# Summit\n\nThe **White House** said [on Friday](http://x) it would.\n")
    assert (
        read_story([path]).articles[0].text == "Summit\n\nThe White House said on Friday it would."
    )


def test_duplicates_are_skipped_with_reason(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_text(example_text(FIRST), encoding="utf-8")
    story = read_story([EXAMPLE / FIRST, copy])
    assert len(story.articles) == 1
    assert story.skipped[0].input == str(copy)
    assert "duplicate" in story.skipped[0].reason


def test_article_limit_skips_the_rest_with_reason() -> None:
    story = read_story([EXAMPLE], config=SummaryConfig(max_articles=2))
    assert len(story.articles) == 2
    assert [s.reason for s in story.skipped] == ["over the limit of 2 articles"] * 3


def test_single_article_warns() -> None:
    story = read_story([EXAMPLE / FIRST])
    assert story.warnings and "one article" in story.warnings[0]


def test_files_in_memory_read_as_the_same_files_on_disk() -> None:
    files = [(p.name, p.read_bytes()) for p in sorted(EXAMPLE.iterdir())]
    in_memory, on_disk = read_files(files), read_story([EXAMPLE])
    assert in_memory.id == on_disk.id
    fields = [(a.id, a.source, a.text, a.flags) for a in on_disk.articles]
    assert [(a.id, a.source, a.text, a.flags) for a in in_memory.articles] == fields


def test_files_in_memory_are_checked_like_files_on_disk() -> None:
    config = SummaryConfig(max_article_chars=1_000)
    story = read_files(
        [
            ("big.txt", b"word " * 1_000),
            ("binary.pdf", b"%PDF\x00\x01"),
            ("notes", b"The council met on Monday and voted to close the bridge. " * 3),
        ],
        config=config,
    )
    reasons = {s.input: s.reason for s in story.skipped}
    assert reasons["big.txt"].startswith("file too large")
    assert "binary" in reasons["binary.pdf"]
    assert [a.source for a in story.articles] == ["notes"]  # no suffix: read as text by its look


def test_cluster_without_id_is_named_by_its_articles() -> None:
    documents = [example_text(p.name) for p in sorted(EXAMPLE.iterdir())]
    named = story_from_cluster({"documents": documents}, origin="a")
    assert named.id == story_from_cluster({"documents": documents}, origin="b").id
    assert named.id == read_story([EXAMPLE]).id


def test_a_newswire_document_id_gives_the_publication_day() -> None:
    record = {
        "id": "D0601A",
        "documents": ["One story.", "Another story."],
        "doc_ids": ["APW19990707.0181", "not-an-id"],
    }
    story = story_from_cluster(record)
    assert [a.published for a in story.articles] == ["1999-07-07", None]
