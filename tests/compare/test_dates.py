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


# Issue 25, item 5: a publication date near either end of the calendar, with a weekday or
# another relative date in the text, computed a date out of range and crashed `compare`,
# `summarize -f json`, `story` and `POST /v1/briefs`.
EDGE_TEXT = (
    "The mayor said on Friday that the bridge will open next Friday. Officials met on Monday "
    "and last week, and will meet next month, early next month and next year. The vote was "
    "held yesterday; another is due tomorrow. This week the mayor spoke; last Friday too."
)


def test_dates_near_the_ends_of_the_calendar_are_dropped_with_a_reason() -> None:
    from newsdesk.compare.dates import OUT_OF_RANGE

    for day in (dt.date(1, 1, 1), dt.date(1, 1, 3), dt.date(9999, 12, 31), dt.date(9999, 12, 28)):
        mentions = find_dates(EDGE_TEXT, Reference(day, "published"))
        assert len(mentions) >= 10
        dropped = [m for m in mentions if m.span is None]
        assert dropped and all(m.reason == OUT_OF_RANGE for m in dropped)
        for mention in mentions:
            if mention.span is not None:
                assert dt.date.min <= mention.span.start <= mention.span.end <= dt.date.max
    (friday,) = find_dates("on Friday", Reference(dt.date(1, 1, 1), "published"))
    assert friday.span is None and friday.reason == OUT_OF_RANGE  # 1 Jan 1 was a Monday
    (friday,) = find_dates("next Friday", Reference(dt.date(1, 1, 1), "published"))
    assert friday.span is not None and friday.span.start == dt.date(1, 1, 5)


def test_a_story_dated_at_the_ends_of_the_calendar_is_compared(
    schema: dict[str, object],
) -> None:
    import jsonschema

    from newsdesk.compare import compare_story
    from newsdesk.compare.dates import OUT_OF_RANGE
    from newsdesk.ingest import story_from_cluster
    from newsdesk.render import comparison_to_dict

    for published in ("0001-01-01", "9999-12-31"):
        documents = [
            {"text": EDGE_TEXT, "published": published},
            {
                "text": "The council approved the bridge on Friday, officials said. " * 2,
                "published": published,
            },
        ]
        story = story_from_cluster({"id": "edge", "documents": documents})
        comparison = compare_story(story)
        data = comparison_to_dict(comparison)
        definitions = schema["$defs"]  # type: ignore[index]
        jsonschema.validate(data, {**schema, **definitions["comparison"]})  # type: ignore[index]
        reasons = [f["detail"].get("reason") for f in data["facts"] if f["kind"] == "date"]
        assert OUT_OF_RANGE in reasons
        assert any("left out of the timeline" in note for note in data["notes"])
        for event in data["timeline"]:
            assert dt.date.fromisoformat(event["start"]) <= dt.date.fromisoformat(event["end"])
