from __future__ import annotations

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
