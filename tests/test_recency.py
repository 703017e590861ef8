"""Which articles tell the latest state of a story, and what a later report overtakes."""

from __future__ import annotations

import datetime as dt

from newsdesk.prepare import prepare
from newsdesk.recency import (
    article_days,
    background,
    latest,
    latest_development,
    overtaken,
    stale,
)
from newsdesk.types import Article, Story

# Three short reports of one story, written for this test: an old one, a newer one, and one
# that knows the date fixed since.
OLD = Article(
    "old",
    "WASHINGTON, Sept. 24, 2018 - The location of a second summit remains to be determined, "
    "officials said on Monday.\n\nThe first summit was held in Singapore on June 12, 2018.",
    "old.txt",
    "old.txt",
)
NEWER = Article(
    "newer",
    "Officials have visited three cities as they search for a location for a second summit, "
    "according to a source on Jan. 2, 2019.",
    "newer.txt",
    "newer.txt",
)
NEWEST = Article(
    "newest",
    "The two leaders will meet in Vietnam in late February, the White House said.\n\n"
    "The choice of Vietnam surprised few diplomats in the region.",
    "newest.txt",
    "newest.txt",
    published="2019-01-19T10:00:00Z",
)


def story() -> Story:
    return prepare(Story("s", (OLD, NEWER, NEWEST)))


def test_days_come_from_the_metadata_else_the_text() -> None:
    days = article_days(story())
    assert days == {
        "old": dt.date(2018, 9, 24),
        "newer": dt.date(2019, 1, 2),
        "newest": dt.date(2019, 1, 19),
    }


def test_an_article_more_than_a_week_older_is_overtaken() -> None:
    assert overtaken(story()) == frozenset({"old", "newer"})
    assert latest(story()) == frozenset({"newest"})


def test_what_an_old_report_said_of_the_state_then_is_stale_what_happened_is_not() -> None:
    found = story()
    keys = {s.text.split()[0] + " " + s.text.split()[1]: s.key for s in found.sentences}
    assert keys["WASHINGTON, Sept."] in stale(found)  # "remains to be determined"
    assert keys["The first"] not in stale(found)  # held in June: still true
    assert keys["The first"] in background(found)  # but no lead: it tells of June


def test_the_latest_development_is_what_the_newest_report_dates_last() -> None:
    found = story()
    development = latest_development(found)
    assert [found.sentence(*k).text[:24] for k in development] == ["The two leaders will mee"]


def test_a_story_of_one_day_has_no_latest_development() -> None:
    one_day = prepare(Story("s", (NEWEST,)))
    assert latest(one_day) == frozenset({"newest"}) and latest_development(one_day) == frozenset()


def test_a_publication_date_of_year_one_is_read_without_a_crash() -> None:
    ancient = Article("x", "The council met on Monday.", "x.txt", "x.txt", published="0001-01-02")
    found = prepare(Story("s", (ancient, NEWEST)))
    assert latest(found) == frozenset({"newest"})  # year 1 is more than a week older
    assert overtaken(found) == frozenset({"x"})


def test_a_date_planned_years_ahead_does_not_make_its_article_the_latest() -> None:
    voted = Article(
        "voted",
        "The council voted on Tuesday to approve the stadium, ending years of debate.",
        "v.txt",
        "v.txt",
        published="2019-03-05",
    )
    planned = Article(
        "planned",
        "The council will vote on the stadium soon.\n\n"
        "The stadium would open in August 2031 and seat 60,000 fans.",
        "p.txt",
        "p.txt",
        published="2019-01-10",
    )
    found = prepare(Story("s", (voted, planned)))
    assert latest(found) == frozenset({"voted"})
