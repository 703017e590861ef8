from __future__ import annotations

import json

import pytest
from conftest import EXAMPLE, example_text, shared_file

from newsdesk.clean import clean_article, degradation_flags, normalise_line
from newsdesk.types import DEGRADED, FURNITURE_REMOVED, LOWERCASED, UNPUNCTUATED, Article


def _clean(name: str) -> tuple[Article, list[tuple[str, str]]]:
    text = example_text(name)
    article, removals = clean_article(Article(name, text, name, str(EXAMPLE / name)))
    for removal in removals:  # offsets point into the text as read
        assert text[removal.start : removal.end].strip() == removal.text
    return article, [(r.reason, r.text) for r in removals]


def test_caption_and_video_widget_removed() -> None:
    article, removed = _clean("000_d20ab8346781905e.txt")
    reasons = [reason for reason, _ in removed]
    assert reasons == ["photo caption or credit", "video widget title", "video widget line"]
    assert "AP Photo" not in article.text and "Source: CNN" not in article.text
    assert "touts 'good relationship'" not in article.text
    assert article.text.startswith("Washington CNN —")


def test_promos_removed() -> None:
    article, removed = _clean("001_165c52e1f2bbd996.txt")
    assert [reason for reason, _ in removed] == ["promo", "promo"]
    assert "NOW WATCH" not in article.text and "Join the conversation" not in article.text
    assert FURNITURE_REMOVED in article.flags


def test_truncated_duplicate_captions_removed() -> None:
    article, removed = _clean("004_90e8008a89271f40.txt")
    assert [reason for reason, _ in removed] == [
        "dateline",
        "truncated duplicate of line 14",
        "photo caption (repeats a truncated preview)",
        "truncated duplicate of line 33",
        "photo caption (repeats a truncated preview)",
    ]
    assert "participates in a j" not in article.text
    assert "Capella Hotel" not in article.text


def test_contact_line_inside_run_on_text_removed() -> None:
    article, removed = _clean("003_4d86d1b8de29251e.txt")
    assert removed == [("contact line", "contact us at editors time com")]
    assert article.text.endswith("if trump didn t compromise")


def test_clean_text_keeps_the_story() -> None:
    article, removed = _clean("002_b7be0f4736482fe2.txt")
    assert removed == []
    assert article.flags == frozenset()
    assert "Da Nang" in article.text


def test_normalise_line() -> None:
    assert normalise_line("  “Hello”\u00a0 it’s\tme  ") == '"Hello" it\'s me'


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("003_4d86d1b8de29251e.txt", {DEGRADED, LOWERCASED, UNPUNCTUATED}),
        ("000_d20ab8346781905e.txt", set()),
        ("002_b7be0f4736482fe2.txt", set()),
    ],
)
def test_degradation_flags_on_the_example(name: str, expected: set[str]) -> None:
    assert degradation_flags(example_text(name)) == expected


def test_short_text_is_not_judged() -> None:
    assert degradation_flags("all lower case words here") == set()


def test_no_false_degradation_on_multinews_dev() -> None:
    path = shared_file("multinews-dev.jsonl")
    with path.open() as handle:
        documents = [d for line in handle for d in json.loads(line)["documents"]]
    flagged = [d[:80] for d in documents if degradation_flags(d)]
    assert flagged == []


def test_lowercased_feed_is_flagged() -> None:
    path = shared_file("multinews-plus-test-lowercased.jsonl")
    with path.open() as handle:
        documents = [
            d
            for _, line in zip(range(50), handle, strict=False)
            for d in json.loads(line)["documents"]
        ]
    long_enough = [d for d in documents if len(d.split()) >= 40]
    assert all(LOWERCASED in degradation_flags(d) for d in long_enough)


def test_article_of_only_furniture_is_skipped_with_reason() -> None:
    from newsdesk.clean import clean_story
    from newsdesk.types import Story

    promo = Article("p", "Join the conversation about this story »", "promo.txt", "promo.txt")
    real = Article("r", example_text("002_b7be0f4736482fe2.txt"), "002", "002")
    story = clean_story(Story("s", (promo, real)))
    assert [a.id for a in story.articles] == ["r"]
    assert [(s.input, s.reason) for s in story.skipped] == [
        ("promo.txt", "nothing left after removing promo")
    ]


def test_dateline_removed_from_the_first_sentence() -> None:
    article, removed = _clean("004_90e8008a89271f40.txt")
    assert removed[0] == ("dateline", "NEW YORK -")
    assert "NEW YORK -" not in article.text


@pytest.mark.parametrize(
    ("text", "credit"),
    [
        ("(CNN) Kenyan rangers killed a lion that escaped from a park.", "(CNN)"),
        (
            "Sycamore, Illinois (CNN) The man convicted in the case was freed.",
            "Sycamore, Illinois (CNN)",
        ),
        ("(Reuters) - Shares fell sharply in early trading on Monday.", "(Reuters) -"),
    ],
)
def test_an_outlets_credit_opening_a_story_is_a_dateline(text: str, credit: str) -> None:
    article, removals = clean_article(Article("c", text, "c", "c"))
    assert [(r.reason, r.text.strip()) for r in removals] == [("dateline", credit)]
    assert article.text == text[len(credit) :].strip()


def test_an_outlet_named_in_a_sentence_stays() -> None:
    text = "The report, first aired on (CNN) affiliates, said so."
    article, removals = clean_article(Article("c", text, "c", "c"))
    assert removals == [] and article.text == text


def test_long_wire_story_ending_in_editors_initials_is_kept() -> None:
    story = "Officials met on Monday to discuss the plan for the new bridge over the river. " * 12
    article = Article("w", f"LONDON (AP) _ {story}(vi/ren)", "wire", "wire")
    cleaned, removals = clean_article(article)
    assert [r.reason for r in removals] == ["dateline", "editors' initials"]
    assert cleaned.text == story.strip()


def _removed(text: str) -> tuple[str, list[tuple[str, str]]]:
    article, removals = clean_article(Article("a", text, "a", "a"))
    for removal in removals:  # offsets point into the text as read
        assert text[removal.start : removal.end].strip() == removal.text
    return article.text, [(r.reason, r.text) for r in removals]


def test_learned_boilerplate_is_removed_sentence_by_sentence() -> None:
    from newsdesk.clean import LEARNED_BOILERPLATE, learned_boilerplate, sentence_key

    # The training text's tokenised, lower-cased form and the web's give one key.
    assert sentence_key("We've detected that JavaScript is disabled") == sentence_key(
        "we ' ve detected that javascript is disabled"
    )
    assert "rating is available when the video has been rented" in learned_boilerplate()
    # Lines of multinews-dev articles (a video page; a newsletter box inside a story).
    text = (
        "Police said the suspect fled on foot.\n\n"
        "Rating is available when the video has been rented.\n\n"
        "Never miss a local story. Sign up today for a free 30 day free trial of unlimited "
        "digital access. The mayor said the city would appeal."
    )
    cleaned, removed = _removed(text)
    assert removed == [
        (LEARNED_BOILERPLATE, "Rating is available when the video has been rented."),
        (LEARNED_BOILERPLATE, "Never miss a local story."),
        (
            LEARNED_BOILERPLATE,
            "Sign up today for a free 30 day free trial of unlimited digital access.",
        ),
    ]
    assert (
        cleaned == "Police said the suspect fled on foot.\n\nThe mayor said the city would appeal."
    )


def test_news_prose_that_recurs_is_not_in_the_list() -> None:
    from newsdesk.clean import learned_boilerplate, sentence_key

    learned = learned_boilerplate()
    # Recurring in the training articles, but written by editors into summaries: prose.
    for prose in ("He was 72 years old.", "There were no reports of injuries."):
        assert sentence_key(prose) not in learned
    assert 20 < len(learned) < 1000  # a compact list


def test_issue_14_furniture() -> None:
    # Lines of multinews-dev articles quoted in issue 14.
    cases = {
        "CLOSE Kevin Spacey was accused by more than a dozen men who say he sexually harassed "
        "and attempted to rape them decades ago. USA TODAY": "video widget line",
        "If you have ever experienced or witnessed sexual misconduct while working in the "
        "entertainment industry, we'd like to hear from you. Send us a secure tip using the "
        "instructions at newstips.usatoday.com.": "tip line",
        "The interactive transcript could not be loaded.": "video player error",
    }
    for line, reason in cases.items():
        cleaned, removed = _removed(f"The suspect fled.\n{line}")
        assert removed == [(reason, line)] and cleaned == "The suspect fled."
    cleaned, removed = _removed(
        "Police made no arrests. Associated Press writer Justin Pritchard contributed to this "
        "report. Tami Abdollah can be reached at http://www.twitter.com/latams"
    )
    assert cleaned == "Police made no arrests."
    assert [reason for reason, _ in removed] == ["credit line", "contact line"]
    cleaned, removed = _removed("WOODLAND HILLS >> Homicide detectives are investigating.")
    assert cleaned == "Homicide detectives are investigating."
    cleaned, removed = _removed("1 of 6. The encampment at City Hall Park is seen at night.")
    assert cleaned == "The encampment at City Hall Park is seen at night."


def test_a_video_error_page_is_no_source() -> None:
    from newsdesk.clean import clean_story
    from newsdesk.types import Story

    page = (
        "The interactive transcript could not be loaded.\n\n"
        "Rating is available when the video has been rented.\n\n"
        "This feature is not available right now. Please try again later."
    )
    story = clean_story(
        Story(
            "s", (Article("v", page, "v", "v"), Article("n", "Police said the man fled.", "n", "n"))
        )
    )
    assert [a.id for a in story.articles] == ["n"]
    assert story.skipped and story.skipped[0].reason.startswith("nothing left after removing")


def test_a_credit_after_prose_goes_alone_a_caption_goes_whole() -> None:
    # Lines of multinews-dev articles (a live blog tagging items with their source; a caption).
    prose = (
        "The violence is now in its fourth week and has killed over a thousand Palestinians "
        "living in Gaza and several dozen Israeli troops fighting there."
    )
    cleaned, removed = _removed(f"{prose} (AP)")
    assert cleaned == prose and removed == [("photo caption or credit", "(AP)")]
    caption = (
        "An Israeli woman surveys the damage after a rocket fired by Gaza militants landed in "
        "the southern town of Kiryat Gat. July 31, 2014 (Reuters)"
    )
    cleaned, removed = _removed(f"Rockets fell.\n{caption}")
    assert cleaned == "Rockets fell." and removed == [("photo caption or credit", caption)]


def test_furniture_glued_to_prose_goes_sentence_by_sentence() -> None:
    # A feed that lost its line breaks (multinews-plus-test-lowercased), and promos inside
    # a paragraph (multinews-dev).
    cleaned, removed = _removed(
        "Advertisement tony aiello was arrested wednesday on suspicion of murder. "
        "Subscribe to our channel for compelling and dramatic storytelling."
    )
    assert cleaned == "tony aiello was arrested wednesday on suspicion of murder."
    assert [reason for reason, _ in removed] == ["promo", "promo"]
    cleaned, _ = _removed("Check your local moonrise time here. The moon rose at 6 p.m.")
    assert cleaned == "The moon rose at 6 p.m."
    # Prose that opens like furniture stays.
    for prose in (
        "Advertisement revenue fell 5% last year, the company said.",
        "Subscribers paid $10 a month, the company said.",
    ):
        assert _removed(prose) == (prose, [])


def test_widgets_glued_before_a_story_go_alone() -> None:
    # Sentences of multinews-plus-test-lowercased (a feed that lost its line breaks).
    for glued, story in (
        (
            "Play facebook twitter embed bunnies have town hopping mad 1: 53 ",
            "a horde of wild bunnies have left one city in washington hopping mad.",
        ),
        (
            "Listen to article 2: 32 share this article facebook twitter linkedin email ",
            "steve wynn's plan to sell a pair of picasso paintings was derailed.",
        ),
        (
            "( photo: breckeni, getty images/istockphoto ) ",
            "a texas tourist who collected 40 queen conchs is going to jail.",
        ),
    ):
        cleaned, removed = _removed(glued + story)
        assert cleaned == story and [text for _, text in removed] == [glued.strip()]
