from __future__ import annotations

import pytest
from conftest import DEGRADED_FILE

from newsdesk.segment import (
    FIRST_PERSON_VOICE,
    INSIDE_QUOTE,
    WINDOW_WORDS,
    _first_person_voice,
    _why_not_presentable,
    depends_on_context,
    opens_on_context,
    segment_article,
)
from newsdesk.types import DEGRADED, LOWERCASED, Article, Story


def test_offsets_point_into_the_cleaned_text(example_story: Story) -> None:
    for sentence in example_story.sentences:
        article = example_story.article(sentence.article_id)
        assert article.text[sentence.start : sentence.end] == sentence.text


def test_indices_are_consecutive_per_article(example_story: Story) -> None:
    for article in example_story.articles:
        indices = [s.index for s in example_story.sentences if s.article_id == article.id]
        assert indices == list(range(len(indices)))


def test_lines_are_split_before_sentences(example_story: Story) -> None:
    texts = [s.text for s in example_story.sentences]
    assert "Washington CNN —" in texts  # a dateline line is not glued to the next sentence
    assert (
        "US officials are reportedly planning on going to Vietnam for the next Trump-Kim summit."
        in texts  # the bullet marker is left out of the sentence
    )


def test_abbreviations_do_not_split(example_story: Story) -> None:
    texts = [s.text for s in example_story.sentences]
    assert any(t.startswith("The U.S. president responded") for t in texts)


def test_headlines_and_fragments_are_not_presentable(example_story: Story) -> None:
    by_text = {s.text: s for s in example_story.sentences}
    assert not by_text["Washington CNN —"].presentable
    assert not by_text["Developments on the Korean front"].presentable
    fragment = '"There will be many follow-up discussions until we reach our desired goal.'
    assert by_text[fragment].why_not == "part of a quotation that spans sentences"


def test_run_on_text_becomes_windows_that_are_never_presentable(example_story: Story) -> None:
    degraded = next(a for a in example_story.articles if a.source == DEGRADED_FILE)
    windows = [s for s in example_story.sentences if s.article_id == degraded.id]
    assert len(windows) > 5
    assert all(not w.presentable and len(w.text.split()) <= WINDOW_WORDS for w in windows)
    assert windows[-1].end == len(degraded.text)  # the tail is covered


def test_lower_cased_sentences_only_when_every_article_is_lower_cased() -> None:
    text = "Officials said the summit will be held in hanoi next month. " * 8  # the feed's casing
    article = Article("x", text.strip(), "x", "x", flags=frozenset({DEGRADED, LOWERCASED}))
    assert not any(s.presentable for s in segment_article(article))
    assert all(s.presentable for s in segment_article(article, allow_lowercased=True))


def test_a_short_cased_article_does_not_hide_a_lower_cased_feed() -> None:
    from newsdesk.segment import segment_story

    text = "Officials said the summit will be held in hanoi next month. " * 8
    feed = Article("f", text.strip(), "f", "f", flags=frozenset({DEGRADED, LOWERCASED}))
    short = Article("s", "Summit set for Hanoi, officials say.", "s", "s")
    story = segment_story(Story("x", (feed, short)))
    assert any(s.presentable for s in story.sentences if s.article_id == "f")
    assert story.warnings


def test_no_split_where_the_next_words_continue_the_sentence() -> None:
    from newsdesk.segment import split_sentences

    # Sentences of multinews-dev and DUC 2003 articles (benchmarks/splitter_boundaries.tsv).
    joined = [
        "Trump met with U.S. Ambassador to the United Nations Nikki Haley on Friday.",
        "It is being opposed by the U.S. Fish and Wildlife Service as harmful.",
        "The leaders were George H.W. Bush in 1988 and Bill Clinton in 1992.",
        "Israel's top military spokesman, Brig. Gen. Yoav Mordechai, told Channel 2 so.",
        "Pentagon spokesman Col. Rob Manning issued a statement on Monday.",
        "He spoke at a church led by a former congressman, the Rev. Floyd H. Flake.",
        "He is favored to replace Republican Gov. Rick Perry next year.",
        "Water from the Mt. Tabor Reservoir system tested clean of bacteria.",
        "The Louis C.K. thing, I don't know all the details.",
    ]
    for text in joined:
        assert split_sentences(text) == [text]


def test_a_quotation_and_its_attribution_stay_one_sentence() -> None:
    from newsdesk.segment import split_sentences

    text = '"Says who?" said Cohen, who defends him. "Is it over?" Blitzer asked. "No!" he said.'
    assert split_sentences(text) == [
        '"Says who?" said Cohen, who defends him.',
        '"Is it over?" Blitzer asked.',
        '"No!" he said.',
    ]


def test_real_sentence_ends_after_abbreviations_still_split() -> None:
    from newsdesk.segment import split_sentences

    assert split_sentences(
        "The virus had never been reported in the U.S. In 1999, 62 cases were found."
    ) == ["The virus had never been reported in the U.S.", "In 1999, 62 cases were found."]
    assert split_sentences(
        "He was pronounced dead at 9:56 p.m. His body will be taken to the crime lab."
    ) == ["He was pronounced dead at 9:56 p.m.", "His body will be taken to the crime lab."]
    assert split_sentences("The show starts at 11:30 p.m. EST on Saturday.") == [
        "The show starts at 11:30 p.m. EST on Saturday."
    ]


@pytest.mark.slow  # over 10 s here (issue 26): CI runs it, the quick run does not
def test_splitter_error_rate_on_the_labelled_boundaries() -> None:
    import subprocess
    import sys

    from conftest import ROOT, shared_file

    shared_file("multinews-dev.jsonl")
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "splitter.py"), "--only", "newsdesk"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = int(out.splitlines()[-1].split()[-5])
    assert errors <= 14  # half of the 28 errors of Punkt alone (issue 14)


def test_captions_transcripts_and_trailing_fragments_are_not_presentable() -> None:
    from newsdesk.segment import _why_not_presentable

    # Sentences of multinews-dev articles.
    caption = "a photo caption (a picture described in the present tense)"
    assert (
        _why_not_presentable(
            "The Occupy Los Angeles encampment at City Hall Park is seen before the midnight "
            "deadline for eviction from City Hall Park passes in Los Angeles, November 27, 2011."
        )
        == caption
    )
    assert (
        _why_not_presentable(
            "An unknown visitor arrives at a gated house in Woodland Hills on Tuesday, "
            "Jan. 24, 2017."
        )
        == caption
    )
    assert _why_not_presentable("Matt Damon: I think we're in this watershed moment.") == (
        "a transcript line (a speaker's name and a colon)"
    )
    assert _why_not_presentable("The other stuff is just kind of shameful and gross...") == (
        "trails off (a truncated sentence or quotation)"
    )
    # News prose that looks alike stays presentable.
    for prose in (
        "He is seen as a moderate by most of his party.",
        "Xu's arrest is seen by human rights groups as a test of China's commitment.",
        "The company was founded in Ohio on March 3, 2001.",
        "THE FACTS: The Islamic State group began to lose ground before Trump took office.",
        "Police said the suspect walks to work every day.",
    ):
        assert _why_not_presentable(prose) is None, prose


def test_file_photo_captions_and_teaser_questions_are_not_presentable() -> None:
    from newsdesk.segment import _why_not_presentable

    # Sentences of multinews-dev briefs before issue 14's last changes.
    assert (
        _why_not_presentable(
            "FOR MOVEMENT FRIDAY NOV. 15 FILE - This June, 2013 photo released by the Hernandez "
            "family Nov. 2, 2013, shows Transportation Security Administration officer Gerardo "
            "Hernandez."
        )
        == "holds a photo credit (a caption)"
    )
    assert (
        _why_not_presentable(
            "Ellen Pao leaves San Francisco Superior Court Civic Center Courthouse during a lunch "
            "break in San Francisco, California March 25, 2015."
        )
        == "a photo caption (a picture described in the present tense)"
    )
    assert _why_not_presentable("Was it a random or targeted attack?") == (
        "a short question (a subheading or a teaser)"
    )
    assert _why_not_presentable("Why did regulators wait nine months to order the recall?") is None


def test_speech_without_its_speaker_depends_on_context() -> None:
    assert depends_on_context('"Space is at a premium."')
    assert depends_on_context('"Oh, I think very, very smoothly," he replied.')
    assert depends_on_context("I'm not aware of any missing children in the county.")
    assert not depends_on_context('"A promise kept is worth something," Graber said.')
    assert not depends_on_context('Chaney posted: "I was really checking her out."')
    assert not opens_on_context('"Space is at a premium."')  # an opening test only
    assert depends_on_context("All the while, police looked on calmly.")


def test_an_editors_note_is_not_presentable() -> None:
    text = "UPDATE: September 6, 2011 1:45 p.m.: Andrea Johnson wrote to NPR about the story."
    assert _why_not_presentable(text) == "an editor's note (update, correction), not the story"


def test_wire_list_dashes_quote_pairs_and_which_openings() -> None:
    # Sentences from a 1999 New York Times Service story of duc2006-main (cluster D0604D).
    text = (
        "Fashion magazines ran features on the film.\n"
        "_ Vogue featured ``Star Wars Style.''\n"
        "Now everyone is talking about it. Which is a good thing for George Lucas.\n"
        "``It is just a film, after all. Let's treat it like a movie.''\n"
    )
    sentences = segment_article(Article("a", text, "a.txt", "a.txt"))
    vogue = next(s for s in sentences if "Vogue" in s.text)
    assert vogue.text == "Vogue featured ``Star Wars Style.''"  # the list dash is not quoted
    assert text[vogue.start : vogue.end] == vogue.text
    assert depends_on_context("Which is a good thing for George Lucas.")
    tail = next(s for s in sentences if s.text.startswith("Let's"))
    assert not tail.presentable and tail.why_not == "part of a quotation that spans sentences"
    assert _why_not_presentable("He said ``we will win,'' and left the room.") is None
    assert _why_not_presentable("\u201cWe will win. And then we rest.") is not None


def test_a_sentence_inside_a_quotation_opened_earlier_is_never_shown() -> None:
    # Lines of one quotation: only the attribution carries the speaker.
    text = (
        '"We will not stop. We never give up on a season like this one. We will win," the '
        "coach said after the game.\n\n"
        "The team plays again on Sunday in Denver against the Broncos."
    )
    sentences = segment_article(Article("a", text, "a.txt", "a.txt"))
    inside = next(s for s in sentences if s.text.startswith("We never give up"))
    assert not inside.presentable and inside.why_not == INSIDE_QUOTE
    assert next(s for s in sentences if s.text.startswith("The team")).presentable


def test_first_person_without_a_speaker_is_someones_voice() -> None:
    assert _first_person_voice("I think the city council acted far too quickly on this.")
    assert not _first_person_voice('"I think it went well," the mayor said on Tuesday.')
    assert not _first_person_voice("World War I ended in 1918 and the treaty followed later.")
    assert not _first_person_voice("Traffic on I-95 was slowed by the crash on Tuesday night.")
    text = "We have never seen a city council act so recklessly in all our years."
    (sentence,) = segment_article(Article("a", text, "a.txt", "a.txt"))
    assert sentence.why_not == FIRST_PERSON_VOICE
