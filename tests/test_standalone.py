"""What a sentence needs from before it: people and their introduction, the learned test."""

from __future__ import annotations

import pytest

from newsdesk.segment import segment_article
from newsdesk.standalone import (
    CONTEXT_FEATURES,
    context_model,
    full_names,
    introduce,
    introducing_order,
    mentions,
    people_of,
    story_needs,
)
from newsdesk.types import Article, BriefSentence, ScoredSentence, Sentence

# A short wire-style story (written for this test).
STORY = (
    "Senior agent David Chaney posted pictures of himself with Sarah Palin on Facebook.\n\n"
    "Chaney said the pictures were a joke.\n\n"
    "The agency said on Tuesday that the Kalashnikov rifle was not involved.\n\n"
    "Palin said the joke was on Chaney."
)


def sentences(text: str = STORY, article_id: str = "a") -> list[Sentence]:
    return segment_article(Article(article_id, text, "a.txt", "a.txt"))


def test_full_names_trim_titles_and_other_words() -> None:
    text = "On Friday Vice Chairman Kim Yong Chol met President Donald Trump in the White House."
    assert [text[a:b] for a, b in full_names(text)] == ["Kim Yong Chol", "Donald Trump"]


def test_people_are_named_in_full_and_used_by_surname() -> None:
    people = people_of(sentences())
    chaney = people.person("Chaney")
    assert chaney is not None and chaney.full_name == "David Chaney"
    assert people.person("Palin") is not None
    # "the Kalashnikov rifle" qualifies a noun: it is not a person named by a surname.
    assert mentions("The Kalashnikov rifle was not involved.", people)[0] == ()
    assert mentions("Chaney said the pictures were a joke.", people) == (("Chaney",), ())


def test_a_first_mention_by_surname_is_completed_from_the_sources() -> None:
    found = sentences()
    people = people_of(found)
    second = next(s for s in found if s.text.startswith("Chaney said"))
    (insertion,) = introduce([second], people)[0] or ()
    assert insertion.text == "David"
    assert insertion.evidence[0] == "a"  # the article that gives the full name
    shown = BriefSentence(ScoredSentence(second, 1.0), (), (insertion,)).text
    assert shown == "[David] Chaney said the pictures were a joke."
    # After the full name, the surname alone needs nothing.
    first = next(s for s in found if s.text.startswith("Senior agent"))
    assert introduce([first, second], people) == [(), ()]


def test_a_surname_that_two_people_share_is_not_completed() -> None:
    text = STORY + "\n\nMary Chaney, his sister, said nothing."
    found = sentences(text)
    people = people_of(found)
    assert people.person("Chaney") is None
    second = next(s for s in found if s.text.startswith("Chaney said"))
    assert introduce([second], people) == [None]  # cannot run: left out
    first = next(s for s in found if s.text.startswith("Senior agent"))
    # A sentence that needs a name the story cannot complete moves after the one naming it.
    assert introducing_order([second, first], people) == [1, 0]


def test_the_shipped_model_fits_its_features_and_tells_a_lead_from_a_follow_up() -> None:
    model = context_model()
    assert set(model.heads) >= {"context", "previous", "voice"}
    text = (
        "A magnitude 6.4 earthquake struck southern Peru on Tuesday, killing at least 12 "
        "people, officials said.\n\nIt was the second strong quake to hit the region this "
        "month.\n\nHe said rescuers were still searching the rubble."
    )
    found = sentences(text)
    needs = story_needs(found, people_of(found))
    lead, second, third = (needs[s.key] for s in found)
    assert not lead.previous and lead.p_previous < 0.3
    assert second.previous and third.previous
    assert len(CONTEXT_FEATURES) == len(
        __import__("newsdesk.standalone", fromlist=["x"]).context_features(
            found, openings=model.openings, is_rare=lambda w: False
        )[0]
    )


@pytest.mark.parametrize("seed", ["0", "1"])
def test_the_test_is_deterministic(seed: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONHASHSEED", seed)
    found = sentences()
    first = story_needs(found, people_of(found))
    second = story_needs(found, people_of(found))
    assert first == second


def test_needs_asked_of_some_sentences_equal_those_of_the_whole_story() -> None:
    # A summarizer asks only about its candidates: their answers must not change, though the
    # sentences before them (features read up to three back) are not asked about.
    found = sentences(STORY, "a") + sentences(STORY.replace("Chaney", "Volkov"), "b")
    people = people_of(found)
    whole = story_needs(found, people)
    wanted = {found[1].key, found[3].key, found[6].key}
    some = story_needs(found, people, wanted)
    assert set(some) == wanted
    assert all(some[key] == whole[key] for key in wanted)
    assert any(whole[key].previous or whole[key].names for key in wanted)


def test_mentions_without_any_short_form_in_the_text() -> None:
    people = people_of(sentences())
    assert mentions("The agency said on Tuesday that it was not involved.", people) == ((), ())
    assert mentions("Chaney said the pictures were a joke.", people)[0] == ("Chaney",)


def test_a_relatives_full_name_does_not_complete_a_bare_surname_elsewhere() -> None:
    # The only full name for "Trump" is a relative's; another article's "Trump" is someone else.
    family = sentences(
        "Ivanka Trump, the president's daughter, visited a factory in Ohio on Monday.\n\n"
        "Trump said she was proud of the workers there.",
        "a",
    )
    tariffs = sentences("Trump said the tariffs were needed to protect American jobs.", "b")
    people = people_of([*family, *tariffs])
    assert people.person("Trump") is None
    assert introduce([tariffs[0]], people) == [None]  # left out, not "[Ivanka] Trump said"


def test_a_surname_an_article_uses_without_the_full_name_is_not_completed_there() -> None:
    named = sentences("Senior agent David Chaney resigned on Monday.\n\nChaney said it was a joke.")
    other = sentences("Chaney said he would appeal the decision of the agency.", "b")
    assert people_of(named).person("Chaney") is not None
    assert people_of([*named, *other]).person("Chaney") is None


def test_names_are_whole_words_and_an_owner_is_not_part_of_a_name() -> None:
    text = "Ronald MacDonald told reporters that Pichai's Alphabet would grow, Three Israel said."
    found = [text[a:b] for a, b in full_names(text)]
    assert "Ronald MacDonald" in found
    assert not any("Pichai" in name or "Three" in name for name in found)


def test_a_father_and_his_son_junior_are_two_people() -> None:
    both = sentences(
        "Donald Trump Jr. spoke at the rally.\n\nTrump said the rally was a success.\n\n"
        "Donald Trump said later that his son did nothing wrong."
    )
    assert people_of(both).person("Trump") is None
