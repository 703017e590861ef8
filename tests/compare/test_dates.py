import datetime as dt

from newsdesk.compare.dates import Reference, complete_dates, find_dates, parse_published

JAN_2_2019 = Reference(dt.date(2019, 1, 2), "latest date in the article")


def labels(text: str, reference: Reference | None = JAN_2_2019) -> list[str]:
    return [m.span.label for m in find_dates(text, reference) if m.span]


def test_modifiers_dateparser_lacks() -> None:
    assert labels("the next meeting would take place in late February.") == ["late February 2019"]
    assert labels("their first meeting last June in Singapore") == ["June 2018"]
    assert labels("where Trump and Kim met in June of last year") == ["June 2018"]
    assert labels("the next summit will be by the end of February.") == ["late February 2019"]
    assert labels("the next meeting would take place late next month") == ["late February 2019"]


def test_tense_of_the_clause_decides_the_year_of_a_bare_month() -> None:
    assert labels("Trump and Kim met in Singapore in June") == ["June 2018"]
    assert labels("it will likely not be Singapore, where he first met Kim on June 12") == [
        "12 June 2018"
    ]


def test_weekdays_and_words_that_are_not_dates() -> None:
    assert labels("On Friday, the White House said") == ["28 December 2018"]
    assert labels("Wednesday, Jan. 2, 2019, in Washington") == ["2 January 2019"]
    assert labels("in the last two decades, as USA Today reported") == []
    assert labels("they may march on") == []


def test_relative_dates_need_a_reference_and_are_uncertain_against_a_bound() -> None:
    assert labels("On Friday, he said", None) == []
    (mention,) = find_dates("On Friday, he said", JAN_2_2019)
    assert mention.span is not None and not mention.span.certain
    published = Reference(dt.date(2019, 1, 2), "published")
    (mention,) = find_dates("On Friday, he said", published)
    assert mention.span is not None and mention.span.certain


def test_publication_bound_ignores_forward_looking_dates() -> None:
    assert list(complete_dates("Singapore, June 12, 2018.")) == [dt.date(2018, 6, 12)]
    assert list(complete_dates("They will meet on March 3, 2019.")) == []
    assert parse_published("2019-01-05") == dt.date(2019, 1, 5)
    assert parse_published("not a date") is None
