from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import EXAMPLE

from newsdesk import render, summarize
from newsdesk.types import Brief


@pytest.fixture(scope="module")
def brief() -> Brief:
    return summarize([EXAMPLE], words=120)


def test_json_matches_schema(brief: Brief, schema: dict[str, object]) -> None:
    data = json.loads(render(brief, "json"))
    jsonschema.validate(data, schema)
    assert data["config"]["words"] == 120
    ids = {a["id"] for a in data["articles"]}
    for sentence in data["sentences"]:
        assert set(sentence["citations"]) <= ids
        article = next(a for a in data["articles"] if a["id"] == sentence["article_id"])
        assert article["text"][sentence["start"] : sentence["end"]] == sentence["text"]
    assert {r["reason"] for r in data["removed"]} >= {"promo", "video widget line"}
    degraded = [a for a in data["articles"] if "degraded" in a["flags"]]
    assert len(degraded) == 1


def test_text_has_markers_and_numbered_sources(brief: Brief) -> None:
    text = render(brief, "text")
    assert "[1]" in text and "Sources:" in text
    assert "  [4] 003_4d86d1b8de29251e.txt (degraded" in text


def test_markdown_uses_footnotes(brief: Brief) -> None:
    markdown = render(brief, "markdown")
    assert "[^1]: CNN (furniture-removed)" in markdown  # its dateline names it
    assert "[^" in markdown.splitlines()[0]
