"""Publication times as the desk keeps them, and headlines as a person would write them."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.desk import ArticleInput, Desk
from newsdesk.desk.headlines import HEADLINE_CHARS, cut, headline_of, is_date_line
from newsdesk.desk.times import publication_time


@pytest.mark.parametrize(
    ("published", "input_id", "expected"),
    [
        ("2019-01-07", None, "2019-01-07T00:00:00+00:00"),
        ("2019-01-07T10:00:00Z", None, "2019-01-07T10:00:00+00:00"),
        ("2019-01-07T10:00:00-05:00", None, "2019-01-07T15:00:00+00:00"),
        ("Mon, 07 Jan 2019 10:00:00 GMT", None, "2019-01-07T10:00:00+00:00"),  # RSS
        ("January 7, 2019", None, "2019-01-07T00:00:00+00:00"),
        (None, "APW19981001.0299", "1998-10-01T00:00:00+00:00"),
        (None, "NYT_ENG_19981010.0215", "1998-10-10T00:00:00+00:00"),
        (None, "duc2003:XIE19970302.0012", "1997-03-02T00:00:00+00:00"),
        ("2001-05-05", "APW19981001.0299", "2001-05-05T00:00:00+00:00"),  # the field first
        ("yesterday", None, None),  # relative to a day we do not know
        ("3019-01-01", None, None),  # not yet
        ("1066-10-14", None, None),  # not news
        ("soon", "article-7", None),
        (None, "APW19981341.0299", None),  # no 41st of the 13th month
    ],
)
def test_publication_time(published: str | None, input_id: str | None, expected: str) -> None:
    assert publication_time(published, input_id) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Saturday, August 24, 2013",
        "Updated 10:32 a.m. EDT",
        "2013-08-24",
        "Published: Aug. 24, 2013 at 3:45 PM",
        "24/08/2013 15:45",
        # Issue 26, item 10: datelines that name a place or an agency, other zones, "first".
        "WASHINGTON, Aug. 24 (Reuters)",
        "NEW YORK, N.Y., Aug. 24, 2013",
        "Aug. 24, 2013 -- Updated 1432 GMT (2232 HKT)",
        "Monday, 24 August 2013 10:32 AEST",
        "First published on Sat 24 Aug 2013 12.00 BST",
    ],
)
def test_date_lines(line: str) -> None:
    assert is_date_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Fire in Aldmoor",
        "May 2013 was the wettest on record",
        "Obama visits Berlin Aug. 24",
        "LONDON, Aug 24 (Reuters) - Britain said on Monday it would close the border",
        "NEW YORK - South Korea's president met Trump on Monday, Aug. 24",
    ],
)
def test_not_date_lines(line: str) -> None:
    assert not is_date_line(line)


def test_a_headline_is_never_cut_inside_a_name() -> None:
    text = (
        "The ceremony was attended by hundreds of guests and local officials, who listened as "
        "Secretary General Ban Ki-moon spoke about the future of the region"
    )
    headline = cut(text)
    assert len(headline) <= HEADLINE_CHARS and headline.endswith("…")
    assert not headline.rstrip("…").endswith(("Ban", "General", "Secretary", "Ki-moon"))
    assert cut("Short enough.") == "Short enough."


def test_the_headline_is_the_title_else_the_first_presentable_sentence() -> None:
    dated = ArticleInput(
        id="a",
        title="Saturday, August 24, 2013",
        text="Saturday, August 24, 2013\n\nBy Jane Roe\n\nFire crews fought a blaze at the "
        "Aldmoor rail yard through the night, officials said on Saturday.\n\nMore follows.",
    )
    assert headline_of(dated) == (
        "Fire crews fought a blaze at the Aldmoor rail yard through the night, officials said "
        "on Saturday."
    )
    titled = ArticleInput(id="b", title="  Blaze at  the rail yard ", text=dated.text)
    assert headline_of(titled) == "Blaze at the rail yard"


def test_stories_are_listed_by_publication_time(tmp_path: Path) -> None:
    fire = "Fire crews fought a warehouse blaze near the Aldmoor rail yard through the night. "
    vote = "The Brenvik council voted to close the old bridge over the river after an inspection. "
    match = "Castello beat Dunmere by three goals to one in the football cup final on Sunday. "
    with Desk(tmp_path / "desk.db") as desk:
        desk.add_articles(
            [
                # Added first, published last; the next published earlier, added later; the
                # last says nothing of when (its time is the time it was added: now).
                ArticleInput(id="late", text=fire * 3, published="2020-03-02"),
                ArticleInput(id="early", text=vote * 3, published="Sun, 01 Mar 2020 09:00:00 GMT"),
                ArticleInput(id="undated", text=match * 3),
            ]
        )
        rows = desk.stories()
        assert [r.input_ids for r in rows] == [("undated",), ("late",), ("early",)]
        assert [r.time_estimated for r in rows] == [True, False, False]
        assert [r.last_published for r in rows[1:]] == [
            "2020-03-02T00:00:00+00:00",
            "2020-03-01T09:00:00+00:00",
        ]
        since = desk.stories(since="2020-03-01T12:00:00+00:00")
        assert [r.input_ids for r in since] == [("undated",), ("late",)]
        assert desk.count_stories(since="2020-03-01T12:00:00+00:00") == 2
        assert desk.stories(limit=1, offset=1) == rows[1:2]
        assert desk.count_stories() == 3


def test_a_headline_skips_a_dateline_with_its_place_and_agency() -> None:
    """Issue 26, item 10: a story's headline is never a dateline alone."""
    article = ArticleInput(
        id="a",
        title="WASHINGTON, Aug. 24 (Reuters)",
        text="WASHINGTON, Aug. 24 (Reuters)\n\nAug. 24, 2013 -- Updated 1432 GMT (2232 HKT)\n\n"
        "Fire crews fought a blaze at the Aldmoor rail yard through the night, officials said "
        "on Saturday.",
    )
    assert headline_of(article) == (
        "Fire crews fought a blaze at the Aldmoor rail yard through the night, officials said "
        "on Saturday."
    )


def test_within_a_day_the_stories_with_more_sources_come_first(store_url: str) -> None:
    """Issue 26, item 10: the latest day first, and within a day the story more outlets carry
    before a single article published later that day."""
    from .streams import example_texts

    fire = "Fire crews fought a warehouse blaze near the Aldmoor rail yard through the night. "
    vote = "The Brenvik council voted to close the old bridge over the river after an inspection. "
    example = [
        ArticleInput(id=name, text=text, source=name, published=f"2019-01-07T0{i}:00:00Z")
        for i, (name, text) in enumerate(example_texts())
    ]
    with Desk(store_url) as desk:
        desk.add_articles(
            [
                *example,
                ArticleInput(id="fire", text=fire * 3, published="2019-01-07T22:00:00Z"),
                ArticleInput(id="vote", text=vote * 3, published="2019-01-08T01:00:00Z"),
            ]
        )
        rows = desk.stories()
    assert [len(r.input_ids) for r in rows] == [1, 5, 1]
    assert [r.input_ids[0] for r in rows if len(r.input_ids) == 1] == ["vote", "fire"]
