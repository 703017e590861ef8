"""The content checks of the support test: negation, names, role swaps, numbers."""

from __future__ import annotations

import pytest

from newsdesk.content import (
    hedge_label,
    hedged_against,
    hedged_at,
    hedges,
    names,
    numbers,
    ordinal_conflict,
    polarity,
    swapped_roles,
)


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("The company did not disclose the price.", {"disclos"}),
        ("Police declined to confirm that.", {"confirm"}),
        ("The driver has yet to be identified.", {"identifi"}),
        ("He has not even been photographed with the Queen.", {"photograph"}),
        ("Investigators have not failed to link the debris.", set()),  # two negations
        ("Its population had declined by 50 percent.", set()),
        ("He lasted not even five months.", set()),  # a degree, not a negation
        ("We will finish with or without a ceasefire.", set()),
        ("He pleaded not guilty to four counts.", {"guilti"}),
    ],
)
def test_polarity(text: str, negated: set[str]) -> None:
    assert polarity(text).negated == negated


def test_polarity_conflicts() -> None:
    said = polarity("Lambach pleaded guilty to four counts.")
    denied = polarity("Lambach pleaded not guilty to four counts.")
    assert denied.conflicts(said) == {"guilti"}
    assert not denied.conflicts(polarity("VanWert also pleaded not guilty."))


def test_outlets_credited_are_not_names_and_speakers_are_marked() -> None:
    found = {n.text: n.credited for n in names("Ben Fields was fired, CNN reports.")}
    assert found == {"Ben Fields": False}
    found = {n.text: n.credited for n in names("The deal is off, Sheriff Leon Lott said Monday.")}
    assert found == {"Sheriff Leon Lott": True}
    assert not names("According to the Guardian, the vote is set.")


def test_role_swaps_need_a_verb_between_the_names() -> None:
    swap = swapped_roles(
        "In June, Corey Lewandowski dismissed Mr Trump.",
        "In June, Mr Trump dismissed Corey Lewandowski.",
    )
    assert swap is not None
    assert {swap[0].text, swap[1].text} == {"Corey Lewandowski", "Mr Trump"}
    # An apposition is not a swap.
    assert (
        swapped_roles(
            "It was bizarre, says Rice University historian Douglas Brinkley.",
            "Douglas Brinkley, a historian at Rice University, called it bizarre.",
        )
        is None
    )


def test_numbers_spelled_and_with_separators() -> None:
    assert numbers("Two officers and 1,200 people; 3.5 percent") == {"2", "1200", "3.5"}


@pytest.mark.parametrize(
    ("statement", "unit", "hedge"),
    [
        (
            "Trump will meet Kim in Hanoi.",
            "Vietnam said Hanoi was keen to host the summit.",
            "keen to",
        ),
        ("The summit will be in Hanoi.", "Hanoi is the likely venue of the summit.", "likely"),
        ("The officials met in Hanoi.", "The officials reportedly met in Hanoi.", "reportedly"),
        # The statement hedges too: a hedge for a hedge.
        ("The summit could be in Hanoi.", "Hanoi is the likely venue of the summit.", None),
        # A hedge in another clause qualifies something else.
        (
            "Trump met Kim in Hanoi.",
            "Trump met Kim in Hanoi, and the next one could be in Seoul.",
            None,
        ),
        ("Trump met Kim in Hanoi.", "Trump met Kim in Hanoi.", None),
    ],
)
def test_hedged_against(statement: str, unit: str, hedge: str | None) -> None:
    assert hedged_against(statement, unit) == hedge


def test_hedges_work_on_lower_cased_text() -> None:
    assert hedges("us officials are reportedly planning on going to vietnam") == (
        "reportedly",
        "planning",
    )
    assert hedge_label("keen to") == "wished" and hedge_label("likely") == "likely"


@pytest.mark.parametrize(
    ("statement", "unit", "conflict"),
    [
        ("their third summit", "a second summit", ("second", "third")),
        ("the 3rd summit", "the second summit", ("second", "3rd")),
        ("the Third Summit", "the third summit", None),
        ("the second summit", "the second summit, after the first summit", None),
        ("the second summit", "the first meeting", None),  # another word: no conflict
    ],
)
def test_ordinal_conflict(statement: str, unit: str, conflict: tuple[str, str] | None) -> None:
    assert ordinal_conflict(statement, unit) == conflict


def test_hedged_at_a_span() -> None:
    text = "Hanoi is the likely venue, while 12 people were killed in the storm."
    assert hedged_at(text, 0, 5) == "likely"
    start = text.index("12")
    assert hedged_at(text, start, start + 2) is None
