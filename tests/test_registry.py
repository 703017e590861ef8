from __future__ import annotations

import pytest

from newsdesk import registry
from newsdesk.errors import UnknownSummarizerError
from newsdesk.select.base import Summarizer


def test_registered_names_snapshot() -> None:
    assert registry.available() == [
        "centroid",
        "concept",
        "lead",
        "lexrank",
        "llm",
        "mmr",
        "newsdesk",
        "newsdesk.v1",
        "newsdesk.v2",
        "newsdesk.v3",
        "newsdesk.v4",
        "textrank",
    ]


def test_alias_resolves_to_versioned_name() -> None:
    assert registry.resolve("newsdesk") == "newsdesk.v4"
    assert isinstance(registry.get("newsdesk"), Summarizer)


def test_unknown_name_lists_the_available_ones() -> None:
    with pytest.raises(UnknownSummarizerError, match="available: centroid, concept, lead"):
        registry.get("nope")
