"""Small streams of real articles for the desk's tests (the example cluster and copies of it)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLE, FIXTURES


def example_texts() -> list[tuple[str, str]]:
    """The five example articles: (file name, text)."""
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(EXAMPLE.glob("*.txt"))]


def copy_of(text: str, outlet: str) -> str:
    """What an outlet running agency copy does to it: its own byline, the last paragraph cut."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return f"By {outlet} staff\n\n" + "\n\n".join(paragraphs[:-1] or paragraphs)


def write_stream(path: Path) -> list[str]:
    """A JSONL stream: the example articles, two outlets' copies of each, and one HTML page.
    Returns the ids in order."""
    records = []
    for name, text in example_texts():
        records.append({"id": name, "text": text, "source": name})
    for name, text in example_texts():
        for outlet in ("Daily Planet", "Gazette"):
            records.append(
                {"id": f"{outlet}:{name}", "text": copy_of(text, outlet), "source": outlet}
            )
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    records.append({"id": "article.html", "html": html, "source": "article.html"})
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return [str(r["id"]) for r in records]


_PLACES = ("Aldmoor", "Brenvik", "Castelló", "Dunmere", "Eskara", "Fenwold", "Gorham", "Halvik")
_PEOPLE = ("Ines Vardy", "Tomas Reul", "Ada Kellam", "Olu Baptiste", "Mira Santos", "Jon Abara")
_EVENTS = (
    ("flood", "flood waters rose along the river and forced families from their homes"),
    ("strike", "dock workers walked off the job over pay and halted shipping"),
    ("fire", "a warehouse fire burned through the night near the rail yard"),
    ("election", "voters chose a new council after a close and bitter campaign"),
    ("bridge", "engineers closed the old bridge after cracks were found in a pier"),
)
_WORDS = (
    "morning evening officials residents witnesses police volunteers engineers council "
    "neighbours families schools roads trains power water shelters doctors reporters "
    "statement meeting inquiry damage repairs losses warning forecast budget contract "
    "tuesday wednesday thursday friday quickly slowly carefully angrily quietly openly"
)


def synthetic_articles(count: int, prefix: str, *, topics: int = 12) -> list[dict[str, str]]:
    """``count`` short news reports about ``topics`` events (place, event, official), each
    worded differently (no two are copies of each other): JSON records with ``id``, ``text``,
    ``title``, ``source``. The same arguments give the same records."""
    import random

    records = []
    for number in range(count):
        rng = random.Random(f"{prefix}:{number}")
        topic = number % topics
        place = _PLACES[topic % len(_PLACES)]
        kind, what = _EVENTS[topic % len(_EVENTS)]
        person = _PEOPLE[topic % len(_PEOPLE)]
        figure = rng.randint(7, 900)
        outlet = f"{prefix.title()} Courier {number % 5}"
        filler = [" ".join(rng.sample(_WORDS.split(), 7)) for _ in range(3)]
        text = (
            f"In {place}, {what}. {person} said {figure} people were affected. "
            f"Reporters heard {filler[0]}. The {kind} in {place} drew {filler[1]}. "
            f"Later, {filler[2]}, according to {outlet}."
        )
        records.append(
            {
                "id": f"{prefix}-{number}",
                "title": f"{place} {kind}: {person} counts {figure} affected",
                "text": text,
                "source": outlet,
            }
        )
    return records
