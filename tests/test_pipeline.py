"""The foundation issue's acceptance checks, on the bundled example."""

from __future__ import annotations

import re

import pytest
from conftest import DEGRADED_FILE, EXAMPLE, example_text

from newsdesk import SummaryConfig, summarize
from newsdesk.attribute import SUPPORT_THRESHOLD
from newsdesk.errors import ConfigError
from newsdesk.types import Brief


@pytest.fixture(scope="module")
def brief() -> Brief:
    return summarize([EXAMPLE], words=120)


def test_within_word_budget(brief: Brief) -> None:
    assert 0 < brief.words <= 120


def test_every_sentence_is_quoted_exactly_and_cited(brief: Brief) -> None:
    for item in brief.sentences:
        sentence = item.sentence
        article = brief.story.article(sentence.article_id)
        assert article.text[sentence.start : sentence.end] == sentence.text
        assert item.citations[0].article_id == sentence.article_id
        assert all(c.support >= SUPPORT_THRESHOLD for c in item.citations)


def test_covers_second_summit_and_vietnam(brief: Brief) -> None:
    text = brief.text
    assert "second summit" in text or "next summit" in text or "Trump-Kim summit" in text
    assert "Vietnam" in text


def test_the_sites_scouted_are_overtaken_by_the_venue_chosen_since(brief: Brief) -> None:
    # [1] (early January) tells of three sites scouted "according to a source familiar with
    # the planning process"; later reports name Vietnam: the default (v4) leaves the search out
    # (newsdesk.recency.stale), v3 before it, which does not read time, states it.
    assert "Bangkok, Hanoi and Hawaii" not in brief.text
    assert (
        "Bangkok, Hanoi and Hawaii"
        in summarize([EXAMPLE], words=120, summarizer="newsdesk.v3").text
    )


def test_a_longer_brief_has_the_late_february_date() -> None:
    # At 120 words the default (newsdesk.v3) leaves the date out: benchmarks/RESULTS.md.
    assert "late February" in summarize([EXAMPLE], words=250).text


def test_no_furniture_and_no_degraded_text(brief: Brief) -> None:
    text = brief.text
    for furniture in (
        "AP Photo",
        "Source: CNN",
        "NOW WATCH",
        "Join the conversation",
        "participates in a j",
        "contact us",
    ):
        assert furniture not in text
    degraded = example_text(DEGRADED_FILE)
    for item in brief.sentences:
        assert item.sentence.text.lower() not in degraded
        assert re.search(r"[A-Z]", item.sentence.text)


def test_same_input_same_brief() -> None:
    first = summarize([EXAMPLE], words=120)
    second = summarize([EXAMPLE], words=120)
    assert first.text == second.text
    assert [s.citations for s in first.sentences] == [s.citations for s in second.sentences]


def test_sentence_budget() -> None:
    assert len(summarize([EXAMPLE], sentences=3).sentences) == 3


def test_single_article_gives_a_brief_with_a_warning() -> None:
    brief = summarize([EXAMPLE / "002_b7be0f4736482fe2.txt"], words=60)
    assert brief.sentences and brief.words <= 60
    assert "one article" in brief.story.warnings[0]


def test_only_degraded_input_yields_no_raw_text() -> None:
    brief = summarize([EXAMPLE / DEGRADED_FILE])
    assert brief.sentences == ()


def test_config_and_keywords_are_exclusive() -> None:
    with pytest.raises(ConfigError):
        summarize([EXAMPLE], config=SummaryConfig(), words=10)


@pytest.mark.slow  # over 10 s here (issue 26): CI runs it, the quick run does not
def test_every_dev_cluster_gets_a_cited_brief_within_budget() -> None:
    import json

    from conftest import shared_file

    from newsdesk import story_from_cluster, summarize_story

    with shared_file("multinews-dev.jsonl").open() as handle:
        for line in handle:
            brief = summarize_story(story_from_cluster(json.loads(line)), words=250)
            assert brief.sentences, brief.story.id
            assert brief.words <= 250
            assert all(item.citations for item in brief.sentences)


def test_input_of_only_furniture_is_an_input_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from newsdesk.errors import InputError

    path = tmp_path / "promo.txt"
    path.write_text("NOW WATCH: North Korea's leader Kim Jong Un is 35\n")
    with pytest.raises(InputError, match="nothing left after removing promo"):
        summarize([path])


@pytest.mark.parametrize("words", [60, 120, 250])
def test_the_example_opens_on_the_summit_planned_for_late_february_in_vietnam(
    words: int,
) -> None:
    """Issue 28, item 6: the articles span September 2018 to January 2019; the brief opens on
    the latest development (the second summit planned for late February, in Vietnam), not on
    the oldest article's "the location remains to be determined"."""
    brief = summarize([EXAMPLE], words=words)
    opening = " ".join(item.text for item in brief.sentences[:2])
    assert "late February" in opening
    assert "Vietnam" in opening
    assert "summit" in brief.sentences[0].text
    assert "remains to be determined" not in brief.text
