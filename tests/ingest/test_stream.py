from __future__ import annotations

import os
from pathlib import Path

import pytest
from desk.streams import EXAMPLE, example_texts

from newsdesk.errors import InputError
from newsdesk.ingest import ArticleInput, read_inputs
from newsdesk.types import Skipped

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Wire</title>
<item><title>{title}</title><link>https://example.org/a?utm_source=x</link>
<pubDate>Fri, 04 Jan 2019 10:00:00 GMT</pubDate>
<description><![CDATA[{body}]]></description></item>
<item><title>Empty</title><link>https://example.org/b</link></item>
</channel></rss>
"""


def _articles(items: list[ArticleInput | Skipped]) -> list[ArticleInput]:
    return [i for i in items if isinstance(i, ArticleInput)]


def test_folder_and_jsonl_give_the_same_texts(tmp_path: Path) -> None:
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(
        '{"id": "x", "documents": ["one article of a cluster, with enough words to count"]}\n'
        '{"id": "y", "text": "one article a line", "date": "2019-01-04"}\n'
        "not json\n",
        encoding="utf-8",
    )
    items = list(read_inputs([EXAMPLE, jsonl]))
    articles = _articles(items)
    assert len(articles) == 7
    assert articles[-1].id == "y" and articles[-1].published == "2019-01-04"
    assert [Path(s.input).name for s in items if isinstance(s, Skipped)] == ["a.jsonl:3"]


def test_rss_entries_are_articles(tmp_path: Path) -> None:
    _, text = example_texts()[2]
    body = "".join(f"<p>{p}</p>" for p in text.split("\n\n") if p.strip())
    feed = tmp_path / "wire.rss"
    feed.write_text(FEED.format(title="Trump-Kim summit", body=body), encoding="utf-8")
    items = list(read_inputs([feed]))
    articles = _articles(items)
    assert len(articles) == 1
    assert articles[0].title == "Trump-Kim summit"
    assert articles[0].source == "Example Wire"
    assert articles[0].published == "2019-01-04T10:00:00Z"
    assert "summit" in articles[0].text
    assert any(isinstance(i, Skipped) and "no content" in i.reason for i in items)


def test_a_missing_path_fails_before_anything_is_read(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        list(read_inputs([EXAMPLE, tmp_path / "nope"]))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_special_files_in_a_folder_are_skipped_not_opened(tmp_path: Path) -> None:
    """A named pipe in a folder once hung `newsdesk add` (nothing of the folder was stored)."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in ("pipe.txt", "pipe.jsonl", "pipe.rss"):
        os.mkfifo(folder / name)
    name, text = example_texts()[0]
    (folder / name).write_text(text, encoding="utf-8")
    (folder / "loop").symlink_to(folder)  # a folder that holds itself
    items = list(read_inputs([folder]))
    assert len(_articles(items)) == 1
    reasons = {Path(s.input).name: s.reason for s in items if isinstance(s, Skipped)}
    assert {n: r for n, r in reasons.items() if n.startswith("pipe")} == {
        n: "not a regular file (a pipe, socket or device)"
        for n in ("pipe.txt", "pipe.jsonl", "pipe.rss")
    }
    assert reasons["loop"] == "a folder already read (a link loop)"


def test_a_feed_over_the_limit_is_skipped_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsdesk.ingest.stream as stream

    feed = tmp_path / "wire.rss"
    feed.write_text(FEED.format(title="t", body="<p>" + "words " * 500 + "</p>"), encoding="utf-8")
    monkeypatch.setattr(stream, "FEED_BYTES", 1000)
    (skipped,) = read_inputs([feed])
    assert (
        isinstance(skipped, Skipped) and skipped.reason == "feed larger than 1000 bytes; not read"
    )
