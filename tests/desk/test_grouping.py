from __future__ import annotations

import copy

import pytest

from newsdesk.desk.copies import CopyConfig, CopyIndex
from newsdesk.desk.features import canonical_url, content_hash, entities, features
from newsdesk.desk.grouping import Grouper, GroupingConfig
from newsdesk.errors import ConfigError

from .streams import copy_of, example_texts

QUAKE = (
    "A magnitude 6.1 earthquake struck Aceh province in Indonesia on Tuesday, killing at least "
    "22 people and injuring dozens, officials in Banda Aceh said. Rescuers searched collapsed "
    "houses in Bener Meriah and Central Aceh."
)
QUAKE_2 = (
    "Rescuers in Aceh pulled more bodies from collapsed houses after Tuesday's earthquake, "
    "raising the toll to 35, the Indonesian disaster agency in Banda Aceh said."
)


def test_fingerprints() -> None:
    assert content_hash("A  b\nC") == content_hash("a b c")
    assert canonical_url("HTTP://www.Example.org/a/?utm_source=x&id=3#top") == (
        "https://example.org/a?id=3"
    )
    assert canonical_url("not a url") is None
    assert "banda aceh" in entities(QUAKE)
    assert "a" not in entities(QUAKE)


def test_same_event_joins_and_another_starts_a_story() -> None:
    grouper = Grouper(GroupingConfig())
    summit = example_texts()[0][1]
    placed = [
        grouper.assign(features(text), seq)
        for seq, text in enumerate([summit, QUAKE, QUAKE_2, example_texts()[1][1]], start=1)
    ]
    assert [p.new for p in placed] == [True, True, False, False]
    assert placed[2].story == placed[1].story
    assert placed[3].story == placed[0].story


def test_state_read_back_goes_on_the_same_way() -> None:
    """A grouper rebuilt from the state it handed out places the next article as the first."""
    texts = [t for _, t in example_texts()] + [QUAKE, QUAKE_2]
    whole = Grouper()
    for seq, text in enumerate(texts[:-1], start=1):
        whole.assign(features(text), seq)
    df, stories = whole.take_changes()
    rebuilt = Grouper(  # as the store reads it back: copies, not the same objects
        documents=whole.documents,
        df=df,
        stories=copy.deepcopy(stories),
        next_story=whole.next_story,
    )
    last = features(texts[-1])
    assert rebuilt.assign(last, len(texts)) == whole.assign(last, len(texts))


def test_window_bounds_the_active_stories() -> None:
    grouper = Grouper(GroupingConfig(window=2))
    for seq, text in enumerate([QUAKE, example_texts()[0][1], "Markets fell on Wall Street."], 1):
        grouper.assign(features(text), seq)
    grouper.assign(features(QUAKE_2), 10)
    assert grouper.active == 1  # every earlier story left the window; the quake starts anew


def test_copy_index_finds_copies_not_relatives() -> None:
    index = CopyIndex(CopyConfig())
    texts = [t for _, t in example_texts()]
    for seq, text in enumerate(texts, start=1):
        assert index.find(features(text)) is None  # five outlets, five texts
        index.add(seq, features(text))
    match = index.find(features(copy_of(texts[3], "Gazette")))
    assert match is not None and match.original == 4


@pytest.mark.parametrize("bad", [{"threshold": 0.0}, {"window": 0}, {"entity_weight": 2.0}])
def test_bad_parameters(bad: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        GroupingConfig(**bad)  # type: ignore[arg-type]
