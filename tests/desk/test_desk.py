from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.desk import ArticleInput, Desk
from newsdesk.errors import ConfigError, InputError

from .streams import EXAMPLE, copy_of, example_texts, write_stream


def _groups(desk: Desk) -> set[frozenset[str]]:
    return {frozenset(row.input_ids) for row in desk.stories()}


def test_the_example_added_twice_is_one_story_of_five(store_url: str, tmp_path: Path) -> None:
    jsonl = tmp_path / "seed.jsonl"
    jsonl.write_text(
        "".join(json.dumps({"text": text}) + "\n" for _, text in example_texts()),
        encoding="utf-8",
    )
    with Desk(store_url) as desk:
        first = desk.add([EXAMPLE])
        second = desk.add([jsonl])
        rows = desk.stories()
    assert (first.new, first.copies, first.stories_created) == (5, 0, 1)
    assert (second.new, second.copies, second.already) == (0, 0, 5)
    assert len(rows) == 1
    assert (rows[0].articles, rows[0].copies) == (5, 0)
    assert len(rows[0].input_ids) == 5


def test_copies_join_their_original_and_are_marked(store_url: str, tmp_path: Path) -> None:
    stream = tmp_path / "stream.jsonl"
    ids = write_stream(stream)
    with Desk(store_url) as desk:
        report = desk.add([stream], keep_placements=True)
        rows = desk.stories()
        view = desk.story(rows[0].id)
    # Two outlets' copies of each of the five articles, and the HTML page: a cut version
    # of one of them (the same Bloomberg-sourced text).
    assert report.copies == 11
    by_id = {p.input_id: p for p in report.placed}
    for name, _ in example_texts():
        for outlet in ("Daily Planet", "Gazette"):
            copy = by_id[f"{outlet}:{name}"]
            assert copy.status == "copy"
            assert copy.copy_of == by_id[name].seq
            assert copy.story == by_id[name].story
    assert sorted(i for row in rows for i in row.input_ids) == sorted(ids)
    # The brief and its comparison rest on the originals only: copies are reach.
    assert view.brief is not None
    cited = {a.id for a in view.brief.story.articles}
    assert not any(":" in article_id for article_id in cited)
    assert by_id["article.html"].status == "copy"
    assert sum(a.copy_of is not None for a in view.articles) == 11


def test_adding_again_stores_nothing_twice(store_url: str, tmp_path: Path) -> None:
    stream = tmp_path / "stream.jsonl"
    write_stream(stream)
    with Desk(store_url) as desk:
        first = desk.add([stream])
        groups = _groups(desk)
        again = desk.add([stream])
        assert again.new == again.copies == 0
        assert again.already == first.new + first.copies
        assert _groups(desk) == groups


def test_min_sources_counts_originals_not_copies(store_url: str) -> None:
    _, text = example_texts()[0]
    articles = [
        ArticleInput(id="original", text=text, source="AP"),
        ArticleInput(id="copy", text=copy_of(text, "Gazette"), source="Gazette"),
    ]
    with Desk(store_url) as desk:
        desk.add_articles(articles)
        assert [r.copies for r in desk.stories()] == [1]
        assert desk.stories(min_sources=2) == []
        with pytest.raises(ConfigError):
            desk.stories(min_sources=0)


def test_unknown_story_is_an_input_error(store_url: str) -> None:
    with Desk(store_url) as desk, pytest.raises(InputError, match="no story 7"):
        desk.story(7)


def test_grouping_does_not_depend_on_jobs_or_engine(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed", reason="the dask extra is not installed")
    stream = tmp_path / "stream.jsonl"
    write_stream(stream)
    results = []
    for jobs, engine in ((1, "local"), (2, "local"), (1, "dask")):
        with Desk(tmp_path / f"{engine}{jobs}.db") as desk:
            report = desk.add([stream], jobs=jobs, engine=engine, keep_placements=True)
            results.append((_groups(desk), [(p.story, p.status) for p in report.placed]))
    assert results[0] == results[1] == results[2]


def test_two_desks_on_one_store_take_up_what_the_other_added(
    store_url: str, tmp_path: Path
) -> None:
    """Each batch starts from the store as it is, not as the desk last saw it: a copy of an
    article the other desk stored is found, a story the other desk started is grown, and the
    counters and frequencies are those of one desk adding the same articles in that order."""
    texts = [text for _, text in example_texts()]
    arrivals = [
        ("a", texts[0]),
        ("b", texts[1]),
        ("copy of b", copy_of(texts[1], "Gazette")),
        ("c", texts[2]),
        ("a again", texts[0]),
        ("d", texts[3]),
    ]
    single = str(tmp_path / "single.db")
    with Desk(single) as desk:
        expected = desk.add_articles([ArticleInput(id=i, text=t) for i, t in arrivals]).placed
        expected_counters = _counters(desk)
    with Desk(store_url) as first, Desk(store_url) as second:
        placed = []
        for number, (input_id, text) in enumerate(arrivals):
            desk = (first, second)[number % 2]  # turn and turn about
            placed += desk.add_articles([ArticleInput(id=input_id, text=text)]).placed
        assert placed == expected
        assert _counters(first) == expected_counters


def _counters(desk: Desk) -> tuple[dict[str, int], dict[str, int]]:
    import sqlalchemy as sa

    from newsdesk.desk.store import terms_table

    with desk.store.writing() as connection:
        counters = desk.store.counters(connection)
        df = dict(connection.execute(sa.select(terms_table)).all())
    return counters, df


def test_a_long_story_is_read_from_its_latest_articles(tmp_path: Path) -> None:
    """What a story's brief reads, and costs, does not grow with the story: its latest
    originals (by publication time) and their copies."""
    texts = [text for _, text in example_texts()]
    with Desk(tmp_path / "desk.db") as desk:
        report = desk.add_articles(
            [
                ArticleInput(id=f"a{n}", text=text, published=f"2019-01-0{n + 1}", source=f"S{n}")
                for n, text in enumerate(texts)
            ]
            + [ArticleInput(id="copy", text=copy_of(texts[4], "Gazette"), source="Gazette")]
        )
        (story,) = {p.story for p in report.placed}
        view = desk.story(story, latest=2)
        assert [a.input_id for a in view.articles] == ["a3", "a4", "copy"]
        assert (view.originals, view.copies) == (5, 1)
        assert view.brief is not None
        assert {a.id for a in view.brief.story.articles} == {"a3", "a4"}
        (row,) = desk.stories(ids=False)
        assert row.input_ids == () and row.outlets == ("Gazette", "S0", "S1", "S2", "S3", "S4")
        assert len(desk.story(story, brief=False, latest=None).articles) == 6
