import datetime as dt

from newsdesk.compare.dates import (
    Reference,
    complete_dates,
    find_dates,
    parse_published,
    undated_days,
)

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


def test_a_weekday_with_its_date_is_one_date() -> None:
    text = "A crew reports from a house in Woodland Hills on Tuesday, Jan. 24, 2017."
    assert labels(text) == ["24 January 2017"]


def test_a_weekday_read_against_that_same_weekday_is_that_day() -> None:
    tuesday = Reference(dt.date(2017, 1, 24), "latest date in the article")
    assert labels("Police on Tuesday were investigating the killing.", tuesday) == [
        "24 January 2017"
    ]
    assert labels("Paramedics found him bleeding Monday afternoon.", tuesday) == ["23 January 2017"]
    assert labels("He was arrested last Tuesday.", tuesday) == ["17 January 2017"]


def test_a_weekday_is_read_against_the_date_its_sentence_states() -> None:
    text = "GENEVA, November 21 (Xinhua) -- The WMO held a first meeting on Wednesday."
    saturday = Reference(dt.date(1997, 11, 22), "published")
    assert labels(text, saturday) == ["21 November 1997", "19 November 1997"]


def test_the_year_of_a_date_written_without_one() -> None:
    def on(*day: int) -> Reference:
        return Reference(dt.date(*day), "published")

    # A plan nine days ahead, not a year; a date just gone, despite a forward word.
    text = "Delegates are meeting in Bali, which is due to run through December 14."
    assert labels(text, on(2007, 12, 5)) == ["14 December 2007"]
    text = "No one expected the flood waters to rise so dramatically on Feb. 26."
    assert labels(text, on(2000, 3, 4)) == ["26 February 2000"]
    # An anniversary read back stays back; no tense word: the past, unless a month is near.
    text = "The response to the shootings at Columbine High School on April 20 reflects a pattern."
    assert labels(text, on(2000, 4, 12)) == ["20 April 1999"]
    assert labels("Yao got a special visa, which expires in February.", on(1998, 12, 9)) == [
        "February 1999"
    ]
    assert labels(
        "In May, a 15-year-old boy in Conyers, Ga., wounded six students.", on(2000, 2, 22)
    ) == ["May 1999"]
    text = "The pilot of the flight from New York on October 31 last year reported it."
    assert labels(text, on(2000, 8, 13)) == ["31 October 1999"]
    text = "A co-pilot may have deliberately plunged the plane into the sea on Oct. 31."
    assert labels(text, on(2000, 8, 11)) == ["31 October 1999"]


def test_the_tense_of_a_clause_that_a_date_opens() -> None:
    wednesday = Reference(dt.date(2000, 4, 19), "published")
    text = "On Thursday, Colorado Gov. Bill Owens will lead a moment of silence."
    assert labels(text, wednesday) == ["20 April 2000"]
    assert labels("When we take attendance on Thursday, we'll find out.", wednesday) == [
        "20 April 2000"
    ]
    text = "The text will undergo revisions before being finalized Friday."
    assert labels(text, Reference(dt.date(2007, 12, 12), "published")) == ["14 December 2007"]


def test_month_and_weekday_words_that_are_not_dates() -> None:
    assert labels("Schools are under pressure, said June Arnett, the director.") == []
    assert labels("Rough seas will continue, said Navy Capt. Burt March.") == []
    assert labels("This may be useful for developing strategies.") == []
    assert labels("El Nino usually occurs around December every three to six years.") == []
    assert labels("(Sam Allis is the Globe's Sunday writer.)") == []


def test_a_date_without_its_year_raises_the_publication_bound() -> None:
    caption = "Pompeo at the United Nations General Assembly, in New York City, Sept. 24, 2"
    assert list(undated_days(caption)) == [(9, 24)]
    assert list(undated_days("The summit will be held on Feb. 27.")) == []
